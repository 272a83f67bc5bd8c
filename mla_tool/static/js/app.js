// Small progressive enhancements; every page works without this file.
// (No select submits its form on change: choosing with the arrow keys must not change the page
// under a keyboard user — WCAG 3.2.2. The language form has a visible button.)
"use strict";
document.documentElement.classList.add("js");

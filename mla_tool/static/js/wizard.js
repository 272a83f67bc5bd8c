// The request wizard without full reloads: step forms post in the background and the wizard
// part of the page is swapped. Without this file every form works as a plain post.
"use strict";
(() => {
  const swap = (html, url) => {
    const next = new DOMParser().parseFromString(html, "text/html");
    const wizard = next.getElementById("wizard");
    const current = document.getElementById("wizard");
    if (!wizard || !current) {
      window.location.assign(url);
      return;
    }
    current.replaceWith(wizard);
    const flashes = next.querySelector(".flashes");
    const oldFlashes = document.querySelector(".flashes");
    if (oldFlashes) oldFlashes.remove();
    if (flashes) document.getElementById("main").prepend(flashes);
    document.title = next.title;
    if (url !== window.location.href) window.history.pushState({}, "", url);
    const heading = wizard.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  };
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest("#wizard")) return;
    if (!form.matches(".wizard-form, .wizard-nav, .inline-form") || form.method !== "post") return;
    event.preventDefault();
    const body = new FormData(form, event.submitter);
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      swap(await response.text(), response.url);
    } catch (error) {
      form.submit();
    }
  });
  window.addEventListener("popstate", () => window.location.reload());
})();

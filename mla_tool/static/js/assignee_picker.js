// The case list's "assigned to" field: suggests colleagues by name or email as one types, from
// the JSON endpoint named in its data-choices attribute. Without this file the field still takes
// a name or an email, which the server resolves.
"use strict";
(function () {
  const field = document.getElementById("f-assignee");
  const list = document.getElementById("f-assignee-choices");
  if (!field || !list || !window.fetch) return;
  let timer = null;
  let asked = null;
  function show(choices) {
    list.replaceChildren(...choices.map((person) => {
      const option = document.createElement("option");
      option.value = person.email;
      option.textContent = person.name;  // typed text stays text
      return option;
    }));
  }
  function ask() {
    const text = field.value.trim();
    if (text === asked) return;
    asked = text;
    const url = field.dataset.choices + "?q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { choices: [] }))
      .then((data) => { if (asked === text) show(data.choices); })
      .catch(() => {});
  }
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  field.addEventListener("focus", ask, { once: true });
})();

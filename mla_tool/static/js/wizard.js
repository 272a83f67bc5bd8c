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
  // A post that fails before its answer may still have been saved: it is never sent again
  // (a second save would be refused as stale, a second "add" would add twice); the author is told
  // to reload and see what was saved.
  const tellFailure = (form) => {
    const wizard = document.getElementById("wizard");
    if (!wizard) return;
    let alert = wizard.querySelector(".wizard-offline");
    if (!alert) {
      alert = document.createElement("p");
      alert.className = "flash flash-error wizard-offline";
      alert.setAttribute("role", "alert");
      wizard.prepend(alert);
    }
    alert.textContent = wizard.dataset.offline || "";
    form.removeAttribute("aria-busy");
  };
  const pending = new WeakSet();
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest("#wizard")) return;
    if (!form.matches(".wizard-form, .wizard-nav, .inline-form") || form.method !== "post") return;
    event.preventDefault();
    if (pending.has(form)) return; // a second press while the first post is on its way
    pending.add(form);
    form.setAttribute("aria-busy", "true");
    const body = new FormData(form, event.submitter);
    let response;
    try {
      response = await fetch(form.action || window.location.href, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
    } catch (error) {
      pending.delete(form);
      tellFailure(form);
      return;
    }
    try {
      swap(await response.text(), response.url);
    } catch (error) {
      window.location.assign(response.url); // the post was answered: show its page by a GET
    } finally {
      pending.delete(form);
      form.removeAttribute("aria-busy");
    }
  });
  window.addEventListener("popstate", () => window.location.reload());
})();

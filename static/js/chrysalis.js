// Site-wide behaviour, kept out of inline scripts so the Content-Security-Policy can forbid them.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.classList && el.classList.contains("js-autosubmit") && el.form) {
    el.form.submit();
  }
});
document.addEventListener("click", function (event) {
  var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// htmx: send the CSRF token with every request.
document.body.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
// Searchable firm picker: a search box above each select.js-firm-picker filters its options by any
// part of "name · USCC · grid"; one match is selected at once. The select keeps working without JS.
function setUpFirmPicker(select) {
  var box = document.createElement("input");
  box.type = "search";
  box.className = "form-control mb-1 js-firm-search";
  box.placeholder = select.getAttribute("data-placeholder") || "";
  box.setAttribute("aria-label", box.placeholder);
  box.autocomplete = "off";
  select.parentNode.insertBefore(box, select);
  box.addEventListener("input", function () {
    var needle = box.value.trim().toUpperCase();
    var matches = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) { return; }
      var hit = !needle || option.text.toUpperCase().indexOf(needle) !== -1;
      option.hidden = !hit;
      if (hit) { matches.push(option); }
    });
    if (needle && matches.length === 1) {
      select.value = matches[0].value;
    } else if (needle && matches.length && select.selectedOptions.length && select.selectedOptions[0].hidden) {
      select.value = matches[0].value;
    }
    select.size = needle && matches.length > 1 ? Math.min(matches.length, 6) + 1 : 0;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}
document.querySelectorAll("select.js-firm-picker").forEach(setUpFirmPicker);

// Route card: the print button (no inline script, CSP).
(function () {
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest(".js-print") : null;
    if (el) { window.print(); }
  });
})();

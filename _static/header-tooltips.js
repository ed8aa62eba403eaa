/* The header's menu buttons (launch, repository, download) show their name in a
 * tooltip on hover and focus, as the theme's other header buttons do (same
 * Bootstrap tooltip, same delays). The theme gives them none: a menu button's
 * data-bs-toggle is "dropdown", and Bootstrap allows no second component on
 * the button, so the tooltip belongs to the menu's box, which is the button's
 * size (the open menu lies outside it). It steps aside while the menu is open. */
document.addEventListener("DOMContentLoaded", () => {
  if (!window.bootstrap) return;
  for (const button of document.querySelectorAll(".article-header-buttons .dropdown > .dropdown-toggle[aria-label]")) {
    const box = button.parentElement;
    const tooltip = new bootstrap.Tooltip(box, {
      title: button.getAttribute("aria-label"),
      placement: "bottom",
      delay: { show: 500, hide: 100 },
    });
    box.addEventListener("show.bs.dropdown", () => { tooltip.hide(); tooltip.disable(); });
    box.addEventListener("hidden.bs.dropdown", () => tooltip.enable());
  }
});

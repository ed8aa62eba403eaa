/* On a phone the page's contents ("On this page") open as a drawer, the theme's
 * secondary sidebar dialog. Choosing an entry closes the drawer, so the page
 * shows the section chosen instead of the drawer over it. */
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("#pst-secondary-sidebar-modal a[href^='#']");
  if (link) link.closest("dialog").close();
});

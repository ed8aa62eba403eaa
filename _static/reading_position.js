// Keeps a reader's place in a chapter across a reload or a return with the Back
// button. The chapters' sections are drawn only as they near the screen
// (content-visibility in custom.css), so the heights of sections not yet drawn
// are estimates and the browser's own restoration, which remembers a pixel
// offset, would land somewhere else. This remembers the innermost section whose
// top has scrolled past, and how far past, instead.
(() => {
  "use strict";
  if (!("scrollRestoration" in history) || !document.querySelector(".bd-article section[id]")) return;
  const key = "reading-position:" + location.pathname;
  let store;
  try {
    store = window.sessionStorage;
  } catch (e) {
    return; // storage is off: the browser's own restoration stays
  }
  history.scrollRestoration = "manual";

  addEventListener("pagehide", () => {
    let place = { id: null, top: -scrollY };
    for (const section of document.querySelectorAll(".bd-article section[id]")) {
      const top = section.getBoundingClientRect().top;
      if (top > 1) break;
      place = { id: section.id, top };
    }
    try {
      store.setItem(key, JSON.stringify(place));
    } catch (e) {
      // a full or blocked storage only costs the restored place
    }
  });

  const navigation = performance.getEntriesByType("navigation")[0];
  const returning = navigation && (navigation.type === "reload" || navigation.type === "back_forward");
  if (!returning || location.hash) return;
  let place = null;
  try {
    place = JSON.parse(store.getItem(key));
  } catch (e) {
    return;
  }
  const section = place && place.id && document.getElementById(place.id);
  if (section) {
    section.scrollIntoView();
    scrollBy(0, section.getBoundingClientRect().top - place.top);
  } else if (place) {
    scrollTo(0, -place.top);
  }
})();

// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../nhsuk/nhsuk-frontend-10.6.1.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("nhsuk-frontend-supported");
}
initAll();

// NHS.UK frontend marks radios and checkboxes that reveal a follow-up question with
// aria-expanded, which ARIA does not allow on those roles (axe rule aria-allowed-attr; GOV.UK
// Frontend dropped it in v4 for the same reason). aria-controls stays and the revealed question
// follows the input in reading order. Remove the attribute each time the design system sets it:
// its own listeners run first (they are on the form group, ours on the document).
const dropAriaExpanded = () => {
  document
    .querySelectorAll(".nhsuk-radios__input[aria-expanded], .nhsuk-checkboxes__input[aria-expanded]")
    .forEach((input) => input.removeAttribute("aria-expanded"));
};
dropAriaExpanded();
document.addEventListener("click", dropAriaExpanded);
window.addEventListener("pageshow", dropAriaExpanded);

// Background work (gateway/core/jobs.py): move the bar while the page is open, and reload the
// page when the work finishes so it shows the result. The "Check progress" link does the same
// without JavaScript.
document.querySelectorAll("[data-progress-url]:not([data-progress-finished])").forEach((box) => {
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-progress-label]");
  const check = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const status = await response.json();
      bar.value = status.percent;
      bar.textContent = `${status.percent}%`;
      if (label.textContent !== status.label) label.textContent = status.label;
      if (status.finished) {
        window.location.assign(status.finished_url || window.location.href);
        return;
      }
    } catch (error) {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(check, 2000);
  };
  window.setTimeout(check, 2000);
});

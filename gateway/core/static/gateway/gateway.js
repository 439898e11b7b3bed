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

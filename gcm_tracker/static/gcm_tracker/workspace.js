/* GCM Tracker workspace: small enhancements. Every form works without this file. */
(function () {
  "use strict";

  // An error summary takes the focus, so that screen readers and keyboards start there.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  var form = document.querySelector("[data-pledge-form]");
  if (!form) return;

  // Objectives first, then their actions: show only the chosen objectives' actions.
  var objectiveBoxes = form.querySelectorAll('input[name="objectives"]');
  var groups = form.querySelectorAll(".action-group[data-objective]");
  function showChosenActions() {
    var chosen = {};
    objectiveBoxes.forEach(function (box) { chosen[box.value] = box.checked; });
    groups.forEach(function (group) {
      var on = !!chosen[group.getAttribute("data-objective")];
      if (on && group.hidden) group.open = true;
      if (!on) {
        // An action of an objective no longer chosen would be refused: untick it.
        group.querySelectorAll("input:checked").forEach(function (box) { box.checked = false; });
      }
      group.hidden = !on;
    });
  }
  if (objectiveBoxes.length && groups.length) {
    var noJsNote = form.querySelector("[data-no-js-note]");
    var jsNote = form.querySelector("[data-js-note]");
    if (noJsNote) noJsNote.hidden = true;
    if (jsNote) jsNote.hidden = false;
    var fieldset = jsNote && jsNote.closest("fieldset");
    if (fieldset) {
      fieldset.setAttribute(
        "aria-describedby",
        fieldset.getAttribute("aria-describedby").replace("id_actions_note", "id_actions_js_note")
      );
    }
    // Groups of chosen objectives start open; hidden ones were never chosen.
    groups.forEach(function (group) {
      var box = form.querySelector('input[name="objectives"][value="' + group.getAttribute("data-objective") + '"]');
      if (box && box.checked) group.open = true;
      group.hidden = !(box && box.checked) && !group.querySelector("input:checked");
    });
    objectiveBoxes.forEach(function (box) { box.addEventListener("change", showChosenActions); });
  }

  // Partners and the matched pledge only for the modes that need them, unless they
  // hold a value or an error the user must see.
  var modeRadios = form.querySelectorAll('input[name="mode"]');
  var modeBlocks = form.querySelectorAll("[data-show-for-mode]");
  function showModeFields() {
    var mode = "";
    modeRadios.forEach(function (radio) { if (radio.checked) mode = radio.value; });
    modeBlocks.forEach(function (block) {
      var wanted = block.getAttribute("data-show-for-mode").split(" ").indexOf(mode) !== -1;
      var hasError = !!block.querySelector(".field--error");
      var select = block.querySelector("select");
      var input = block.querySelector('input[type="text"]');
      var hasValue = (select && select.selectedOptions.length > 0) || (input && input.value.trim() !== "");
      block.hidden = !(wanted || hasError || hasValue);
    });
  }
  modeRadios.forEach(function (radio) { radio.addEventListener("change", showModeFields); });
  showModeFields();

  // A live count of the description's characters against the 300–3,000 rule.
  var description = form.querySelector("textarea[name=description]");
  if (description) {
    var counter = document.createElement("p");
    counter.className = "counter";
    counter.id = "id_description_counter";
    description.insertAdjacentElement("afterend", counter);
    var described = description.getAttribute("aria-describedby");
    description.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var min = Number(description.getAttribute("data-min"));
    var max = Number(description.getAttribute("data-max"));
    var template = description.getAttribute("data-counter");
    // Numbers written the page's way (its language), not the browser's.
    var lang = document.documentElement.lang || undefined;
    var update = function () {
      var n = description.value.trim().length;
      counter.textContent = template
        .replace("{n}", n.toLocaleString(lang))
        .replace("{min}", min.toLocaleString(lang))
        .replace("{max}", max.toLocaleString(lang));
      counter.classList.toggle("counter--bad", n > 0 && (n < min || n > max));
    };
    description.addEventListener("input", update);
    update();
  }
})();

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

  // The partners picker: the <select multiple> stays the real field (and works without
  // this file); it is hidden behind a filter box, a list of checkboxes and removable chips.
  var picker = form.querySelector("[data-partner-picker]");
  var partnerSelect = picker && picker.querySelector("select[multiple]");
  if (partnerSelect) {
    var options = Array.prototype.slice.call(partnerSelect.options);
    var label = picker.querySelector('label[for="' + partnerSelect.id + '"]');
    var hint = picker.querySelector("#" + partnerSelect.id + "_helptext");
    if (hint) hint.textContent = picker.getAttribute("data-js-hint");
    var lang = document.documentElement.lang || undefined;

    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", picker.getAttribute("data-chosen-label"));
    var none = document.createElement("p");
    none.className = "hint";
    none.textContent = picker.getAttribute("data-none");

    var search = document.createElement("input");
    search.type = "search";
    search.id = partnerSelect.id + "_search";
    search.className = "picker-search";
    search.autocomplete = "off";
    search.setAttribute("aria-controls", partnerSelect.id + "_list");
    var status = document.createElement("p");
    status.className = "hint";
    status.id = partnerSelect.id + "_count";
    status.setAttribute("role", "status");
    var describedBy = [hint ? hint.id : "", status.id];
    var error = picker.querySelector("#" + partnerSelect.id + "_error");
    if (error) describedBy.push(error.id);
    search.setAttribute("aria-describedby", describedBy.join(" ").trim());
    if (label) label.htmlFor = search.id;

    // A group named by the field's label, holding a plain list of checkboxes.
    var listBox = document.createElement("div");
    listBox.className = "picker-list";
    listBox.id = partnerSelect.id + "_list";
    listBox.setAttribute("role", "group");
    if (label) {
      if (!label.id) label.id = partnerSelect.id + "_label";
      listBox.setAttribute("aria-labelledby", label.id);
    }
    // The <select>'s optgroups (Member States, then organisations and other
    // stakeholders) become groups of the list, each named by its heading.
    var lists = [];
    var listOf = function (option) {
      var group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement : null;
      var found = lists.filter(function (entry) { return entry.group === group; })[0];
      if (found) return found.list;
      var list = document.createElement("ul");
      var holder = listBox;
      if (group) {
        holder = document.createElement("div");
        holder.className = "picker-group";
        holder.setAttribute("role", "group");
        var heading = document.createElement("h3");
        heading.className = "picker-group-heading";
        heading.id = partnerSelect.id + "_group_" + lists.length;
        heading.textContent = group.label;
        holder.setAttribute("aria-labelledby", heading.id);
        holder.appendChild(heading);
        listBox.appendChild(holder);
      }
      holder.appendChild(list);
      lists.push({ group: group, list: list, holder: holder });
      return list;
    };
    var boxes = options.map(function (option, i) {
      var list = listOf(option);
      var item = document.createElement("li");
      var boxLabel = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = partnerSelect.id + "_pick_" + i;
      box.value = option.value;
      box.checked = option.selected;
      var text = document.createElement("span");
      text.textContent = option.textContent;
      boxLabel.appendChild(box);
      boxLabel.appendChild(text);
      item.appendChild(boxLabel);
      list.appendChild(item);
      box.addEventListener("change", function () {
        option.selected = box.checked;
        drawChips();
      });
      return box;
    });

    var drawChips = function (focusIndex) {
      chips.textContent = "";
      var chosen = options.filter(function (option) { return option.selected; });
      chosen.forEach(function (option) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("aria-label", picker.getAttribute("data-remove").replace("{name}", option.textContent));
        var name = document.createElement("span");
        name.textContent = option.textContent;
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "×";
        button.appendChild(name);
        button.appendChild(cross);
        button.addEventListener("click", function () {
          var at = chosen.indexOf(option);
          option.selected = false;
          boxes[options.indexOf(option)].checked = false;
          drawChips(at);
        });
        item.appendChild(button);
        chips.appendChild(item);
      });
      chips.hidden = chosen.length === 0;
      none.hidden = chosen.length !== 0;
      if (focusIndex !== undefined) {
        // The focus goes to the next chip, else back to the filter box, never lost.
        var buttons = chips.querySelectorAll("button");
        (buttons[Math.min(focusIndex, buttons.length - 1)] || search).focus();
      }
    };

    var filter = function () {
      var wanted = search.value.trim().toLocaleLowerCase(lang);
      var shown = 0;
      options.forEach(function (option, i) {
        var on = !wanted || option.textContent.toLocaleLowerCase(lang).indexOf(wanted) !== -1;
        boxes[i].closest("li").hidden = !on;
        if (on) shown += 1;
      });
      // A group with nothing left to show hides its heading too.
      lists.forEach(function (entry) {
        entry.holder.hidden = entry.holder !== listBox && !entry.list.querySelector("li:not([hidden])");
      });
      status.textContent = picker.getAttribute("data-count")
        .replace("{n}", shown.toLocaleString(lang))
        .replace("{total}", options.length.toLocaleString(lang));
    };
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // not a submit of the whole form
      if (event.key === "Escape" && search.value) {
        search.value = "";
        filter();
      }
      if (event.key === "ArrowDown") {
        var first = boxes.filter(function (box) { return !box.closest("li").hidden; })[0];
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });

    partnerSelect.hidden = true;
    partnerSelect.setAttribute("aria-hidden", "true");
    partnerSelect.tabIndex = -1;
    partnerSelect.insertAdjacentElement("afterend", listBox);
    partnerSelect.insertAdjacentElement("afterend", status);
    partnerSelect.insertAdjacentElement("afterend", search);
    partnerSelect.insertAdjacentElement("afterend", none);
    partnerSelect.insertAdjacentElement("afterend", chips);
    drawChips();
    filter();
  }

  // Fields only for the choices that need them — partners and the matched pledge for
  // some modes (data-show-for-mode), the amount for financial pledges
  // (data-show-for-pledge_type) — unless they hold a value or an error the user must see.
  function showFor(name) {
    var controls = form.querySelectorAll('[name="' + name + '"]');
    var blocks = form.querySelectorAll("[data-show-for-" + name + "]");
    if (!controls.length || !blocks.length) return;
    function update() {
      var chosen = "";
      controls.forEach(function (control) {
        if (control.type === "radio" ? control.checked : true) chosen = chosen || control.value;
      });
      blocks.forEach(function (block) {
        var wanted = block.getAttribute("data-show-for-" + name).split(" ").indexOf(chosen) !== -1;
        var hasError = !!block.querySelector(".field--error");
        var hasValue = false;
        block.querySelectorAll("select, input[type=text], input[type=number]").forEach(function (field) {
          if (field.tagName === "SELECT" ? field.selectedOptions.length > 0 : field.value.trim() !== "") hasValue = true;
        });
        block.hidden = !(wanted || hasError || hasValue);
      });
    }
    controls.forEach(function (control) { control.addEventListener("change", update); });
    update();
  }
  showFor("mode");
  showFor("pledge_type");

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

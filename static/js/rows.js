// "Add another row" on the call form, without a round trip. Progressive enhancement: without JavaScript the
// button submits the form and the server sends it back with one more row (procurement/calls/views/officer.py).
for (const button of document.querySelectorAll("button.portal-add-row[data-prefix]")) {
  button.addEventListener("click", (event) => {
    const prefix = button.dataset.prefix;
    const body = document.querySelector(`tbody[data-rows="${prefix}"]`);
    const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const max = document.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
    const last = body && body.lastElementChild;
    if (!body || !total || !last) return;  // let the form submit: the server adds the row
    event.preventDefault();
    const index = Number(total.value);
    const row = last.cloneNode(true);
    const pattern = new RegExp(`${prefix}-\\d+-`, "g");
    for (const el of row.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
      for (const attr of ["id", "name", "for", "aria-describedby"]) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(pattern, `${prefix}-${index}-`));
      }
    }
    for (const error of row.querySelectorAll(".govuk-error-message")) error.remove();
    for (const input of row.querySelectorAll("input")) {
      input.value = "";
      input.classList.remove("govuk-input--error");
      input.removeAttribute("aria-describedby");
    }
    for (const label of row.querySelectorAll("label")) {
      label.textContent = label.textContent.replace(/\d+\s*$/, String(index + 1));
    }
    body.appendChild(row);
    total.value = String(index + 1);
    if (max && index + 1 >= Number(max.value)) button.hidden = true;
    const first = row.querySelector("input");
    if (first) first.focus();
  });
}

// Drag-and-drop uploads with per-file progress. Without JavaScript the form posts normally.
// Loaded on every page; sets up any upload form, including ones htmx swaps in later.
const setUpUploads = () => {
  const form = document.querySelector("form.upload-zone:not([data-ready])");
  if (!form) return;
  form.dataset.ready = "1";
  const input = form.querySelector("input[type=file]");
  const list = form.querySelector(".upload-progress");
  const drop = form.querySelector(".upload-drop");
  const url = form.dataset.uploadUrl;

  const row = (name) => {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const state = document.createElement("span");
    state.className = "muted";
    li.append(label, bar, state);
    list.append(li);
    return { bar, state };
  };

  const send = (file) =>
    new Promise((resolve) => {
      const { bar, state } = row(file.name);
      const data = new FormData();
      data.append("file", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      };
      xhr.onload = () => {
        bar.value = 100;
        let body = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch { /* not JSON */ }
        if (xhr.status === 201 || xhr.status === 200) {
          state.textContent = body.duplicate ? " ✓ already uploaded" : " ✓";
        } else {
          state.textContent = ` ✗ ${body.detail || xhr.statusText}`;
          state.className = "bad";
        }
        resolve();
      };
      xhr.onerror = () => {
        state.textContent = " ✗ network error";
        state.className = "bad";
        resolve();
      };
      xhr.send(data);
    });

  const upload = async (files) => {
    for (const file of files) await send(file);
    document.body.dispatchEvent(new Event("documents-changed"));
    input.value = "";
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.files.length) upload([...input.files]);
  });
  input.addEventListener("change", () => {
    if (input.files.length) upload([...input.files]);
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, () => drop.classList.remove("dragging"));
  }
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer?.files.length) upload([...e.dataTransfer.files]);
  });
};
document.addEventListener("DOMContentLoaded", setUpUploads);
document.addEventListener("htmx:load", setUpUploads);

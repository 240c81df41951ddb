/**
 * Form building blocks shared by every page: labelled fields with inline errors and hints,
 * an error summary, and buttons. Plain HTML forms that work without JavaScript.
 */
import type { Child } from "hono/jsx";

/** Props of {@link Field}. */
export interface FieldProps {
  label: string;
  name: string;
  type?: "text" | "email" | "password" | "number" | "date" | "search" | "tel" | "url";
  value?: string | number | null;
  error?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  placeholder?: string;
  inputmode?: "numeric" | "text" | "email";
  maxlength?: number;
  autofocus?: boolean;
}

/** A labelled input; errors are announced and linked with aria-describedby. */
export function Field(p: FieldProps) {
  const id = `field-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${p.error ? " field-invalid" : ""}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="required" aria-hidden="true">*</span> : null}
      </label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value ?? ""}
        required={p.required}
        autocomplete={p.autocomplete}
        placeholder={p.placeholder}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        autofocus={p.autofocus}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
      {p.error ? <p class="error-text" id={`${id}-error`}>{p.error}</p> : null}
    </div>
  );
}

/** Props of {@link SelectField}. */
export interface SelectFieldProps {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  value?: string | null;
  error?: string;
  hint?: string;
}

/** A labelled select. */
export function SelectField(p: SelectFieldProps) {
  const id = `field-${p.name}`;
  return (
    <div class={`field${p.error ? " field-invalid" : ""}`}>
      <label for={id}>{p.label}</label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      <select id={id} name={p.name} aria-invalid={p.error ? "true" : undefined}>
        {p.options.map((o) => <option value={o.value} selected={o.value === p.value}>{o.label}</option>)}
      </select>
      {p.error ? <p class="error-text" id={`${id}-error`}>{p.error}</p> : null}
    </div>
  );
}

/** Props of {@link TextArea}. */
export interface TextAreaProps {
  label: string;
  name: string;
  value?: string | null;
  error?: string;
  rows?: number;
  maxlength?: number;
}

/** A labelled textarea. */
export function TextArea(p: TextAreaProps) {
  const id = `field-${p.name}`;
  return (
    <div class={`field${p.error ? " field-invalid" : ""}`}>
      <label for={id}>{p.label}</label>
      <textarea id={id} name={p.name} rows={p.rows ?? 4} maxlength={p.maxlength}>{p.value ?? ""}</textarea>
      {p.error ? <p class="error-text" id={`${id}-error`}>{p.error}</p> : null}
    </div>
  );
}

/** A box listing what is wrong with the form, shown above it. */
export function FormErrors({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="flash flash-error" role="alert">
      {message}
    </div>
  );
}

/** A success or info message. */
export function Notice({ children }: { children: Child }) {
  return <div class="flash flash-ok" role="status">{children}</div>;
}

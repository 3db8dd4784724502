// The sign-in screen: email and password for a session cookie; a wrong one says so and sets nothing.
import { ApiError, signIn } from "./api.js";
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

export function showSignIn(root, onSignedIn) {
  const email = h("input", { type: "email", id: "signin-email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", id: "signin-password", name: "password", autocomplete: "current-password", required: true });
  const error = h("p", { id: "signin-error", class: "error", role: "alert" });
  const submit = h("button", { type: "submit", id: "signin-submit", class: "primary" }, t("signin.submit"));
  const form = h("form", {
    class: "signin", id: "signin", novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = "";
      submit.disabled = true;
      try {
        onSignedIn(await signIn(email.value.trim(), password.value));
      } catch (failure) {
        const locked = failure instanceof ApiError && failure.status === 429;
        const wrong = failure instanceof ApiError && [400, 401, 422].includes(failure.status);
        error.textContent = locked ? t("signin.locked") : wrong ? t("signin.wrong") : t("error.generic", { message: failure.message });
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
  h("h1", {}, t("app.title")),
  h("h2", {}, t("signin.title")),
  h("label", { for: "signin-email" }, t("signin.email")), email,
  h("label", { for: "signin-password" }, t("signin.password")), password,
  submit, error);
  fill(root, form);
  email.focus();
}

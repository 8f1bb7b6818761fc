"""Form pieces every app uses: Vietnamese date fields and periods, fields refusing NUL characters in Vietnamese,
inputs outlined when invalid, widgets rendered without the template engine for rows repeated hundreds of times,
the Excel upload form and the throttled login form."""

import html
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from kernel import throttle


def check_period(form: forms.Form, start: str = "date_from", end: str = "date_to") -> None:
    """Call from clean(): a period whose end comes before its start is refused on the end field."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and first > last:
        form.add_error(end, _("The end of the period is before its start."))


class OutlinedBoundField(forms.BoundField):
    """A field whose input is outlined when it has an error, whatever added it (a form's own check or a service's
    message attached by the view): Bootstrap's `is-invalid` class, besides the `aria-invalid` and the
    `aria-describedby` naming its message that Django adds."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not widget.is_hidden:
            classes = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class TextField(forms.CharField):
    """A CharField refusing NUL characters with a message in the user's language (Django's is not translated)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        message = _("This text holds an invisible control character (NUL): type it again without it.")
        self.validators = [
            ProhibitNullCharactersValidator(message=message) if isinstance(v, ProhibitNullCharactersValidator) else v
            for v in self.validators
        ]


class PrerenderedSelect(forms.Select):
    """A <select> whose options are escaped once per request and shared by every row of a long list.

    Rendering the catalog's 70 award types through Django's option templates for each of a decision's
    447 rows took 6 s; joining pre-escaped strings takes milliseconds. Without `options` it is a plain Select.
    """

    # (escaped value, escaped label). It hides ChoiceWidget.options(), a method only BoundField iteration
    # (subwidgets) calls, which no template does on these selects.
    options: list[tuple[str, str]] | None = None  # type: ignore[assignment]

    @staticmethod
    def prepare(choices: Iterable[tuple[object, object]]) -> list[tuple[str, str]]:
        # The standard library's escape, which Django's wraps (the same five characters) with a lazy-string check
        # that cost a list page's filters a millisecond.
        return [(html.escape(str(value)), html.escape(str(label))) for value, label in choices]

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        if self.options is None:
            return super().render(name, value, attrs, renderer)
        selected = escape("" if value is None else str(value))
        parts: list[str] = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]
        parts += [
            f'<option value="{option}"{" selected" if option == selected else ""}>{label}</option>'
            for option, label in self.options
        ]
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every piece was escaped above)


class FastSelect(PrerenderedSelect):
    """A <select> rendered without the template engine, its options read from its own choices: a filter form's
    70 award types through Django's option templates cost a list page more than its queries."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        self.options = self.prepare(self.choices)
        return super().render(name, value, attrs, renderer)


class _TemplateFreeInput(Input):
    """render() for an <input>, without the template engine, for rows repeated hundreds of times on a page and
    for the filters above every list."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        if shown is not None:
            final["value"] = shown
        return format_html('<input type="{}" name="{}"{}>', self.input_type, name, flatatt(final))


class FastTextInput(_TemplateFreeInput, forms.TextInput):
    """A text input rendered without the template engine."""


class FastDateInput(_TemplateFreeInput, forms.DateInput):
    """A date input (formatted as its `format` says) rendered without the template engine."""


# A text field in the Vietnamese order: a browser's date picker follows the computer's locale and shows
# 12/20/2017 on an English Windows, which staff misread. ISO dates (2018-06-20) are accepted too.
DATE_WIDGET = FastDateInput(
    format="%d/%m/%Y",
    attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
)


class FastHiddenInput(FastTextInput):
    """A hidden input rendered without the template engine (see FastTextInput)."""

    input_type = "hidden"


class FastTextarea(forms.Textarea):
    """A text area rendered without the template engine (see FastTextInput)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', name, flatatt(final), self.format_value(value) or ""
        )


class FastCheckboxInput(forms.CheckboxInput):
    """A checkbox rendered without the template engine (see FastTextInput)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            final["checked"] = True
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(final))


class CatalogRowsFormSet(forms.BaseFormSet):
    """A formset of long lists whose rows share a catalog read once per request: the subclass sets `catalog` (an
    object with an `attach(form)` method) in its __init__; every row and the empty row of the page's template are
    attached to it, and the DELETE box is rendered without the template engine, with `delete_attrs`."""

    catalog: Any
    delete_attrs: dict[str, Any] = {}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = FastCheckboxInput(attrs=dict(self.delete_attrs))

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]  # (private in django-stubs)
        self.catalog.attach(form)
        return form

    @property
    def empty_form(self) -> forms.Form:
        form = super().empty_form
        self.catalog.attach(form)
        return form


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing a locked-out account, or an unknown user name from a locked-out address, before
    looking at the password."""

    throttled = False
    throttled_message: object = ""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        message = throttle.lock_message(self.request, username)
        if message is not None:
            self.throttled, self.throttled_message = True, message
            raise ValidationError(message, code="throttled")
        return super().clean()


class ImportForm(forms.Form):
    """An Excel file of recipients or nominees; awards.imports checks its content, never its name."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": _("Choose the Excel file to import.")},
    )

"""Forms for the patient's own page and for staff giving a code. Errors are in plain words
and say what to do; a bound form keeps what was typed."""

from django import forms

from gateway.core import forms as fields

from .models import AccessCode


class SignInForm(forms.Form):
    code = fields.CharField(
        label="Your code",
        max_length=20,
        strip=True,
        hint="For example, ABCD-2345",
        classes="nhsuk-input--width-10",
        attributes={
            "autocomplete": "one-time-code",
            "spellcheck": "false",
            "autocapitalize": "characters",
        },
        error_messages={
            "required": "Enter the code you were given",
            "max_length": "The code is 8 letters and numbers, like ABCD-2345",
        },
    )


class IssueCodeForm(forms.Form):
    """How to give the code: on screen, or to one of the person's usable mobile or email
    routes (their values are "route-<id>", checked again by the service)."""

    delivery = forms.ChoiceField(
        label="How do you want to give the code?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how to give the code",
            "invalid_choice": "Choose how to give the code",
        },
    )

    def __init__(self, *args, routes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(AccessCode.Delivery.ON_SCREEN, "Show it on screen, to give it in person")]
        for route in routes:
            where = route.phone_number or route.email_address
            how = "Text it to" if route.kind == "mobile" else "Email it to"
            choices.append((f"route-{route.pk}", f"{how} {where}"))
        self.fields["delivery"].choices = choices
        # One option is chosen already: showing it on screen, which sends nothing anywhere
        # (staff change it to text or email when the person is not with them).
        self.fields["delivery"].initial = AccessCode.Delivery.ON_SCREEN
        self.routes = {f"route-{r.pk}": r for r in routes}

    def chosen(self):
        """(delivery, route) from the cleaned choice."""
        value = self.cleaned_data["delivery"]
        route = self.routes.get(value)
        if route is None:
            return AccessCode.Delivery.ON_SCREEN, None
        delivery = AccessCode.Delivery.TEXT if route.kind == "mobile" else AccessCode.Delivery.EMAIL
        return delivery, route


class AppealForm(forms.Form):
    grounds = fields.CharField(
        label="Why do you think this is wrong?",
        widget=forms.Textarea,
        rows=8,
        hint="For example, it did not happen, or it was not you.",
        max_length=5000,
        error_messages={
            "required": "Tell us why you think this is wrong",
            "max_length": "Please write less. Use 5000 letters or fewer",
        },
    )
    late_reason = fields.CharField(
        label="Why are you appealing late?",
        widget=forms.Textarea,
        rows=4,
        hint="For example, you did not get the letter in time.",
        required=False,
        max_length=2000,
        error_messages={"max_length": "Please write less. Use 2000 letters or fewer"},
    )


class ReviewViewForm(forms.Form):
    # Which review the words were written for, so they never land in a later one.
    review = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = fields.CharField(
        label="What do you want the review to know?",
        widget=forms.Textarea,
        rows=10,
        max_length=5000,
        error_messages={
            "required": "Write what you want the review to know",
            "max_length": "Please write less. Use 5000 letters or fewer",
        },
    )


class ContactForm(forms.Form):
    phone_number = fields.CharField(
        label="Mobile number",
        required=False,
        max_length=30,
        classes="nhsuk-input--width-20",
        attributes={"autocomplete": "tel", "type": "tel"},
        error_messages={"max_length": "Enter a UK mobile number, like 07700 900123"},
    )
    email_address = fields.CharField(
        label="Email address",
        required=False,
        max_length=254,
        attributes={"autocomplete": "email", "type": "email", "spellcheck": "false"},
        error_messages={"max_length": "Enter an email address, like name@example.com"},
    )
    use_first = forms.ChoiceField(
        label="Should we use this first?",
        choices=[("yes", "Yes, use this first"), ("no", "No, keep it after the others")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say if we should use this first"},
    )
    shared = fields.ChoiceField(
        label="Does anyone else use this phone or email?",
        hint="If someone else might see it, we will take care with what we send.",
        choices=[("no", "No, only me"), ("yes", "Yes, someone else might see it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say if anyone else uses this phone or email"},
    )

"""A read-only FHIR UK Core (R4) API at /fhir/ (docs/fhir.md, ADR 0032).

The same bearer tokens and organisation scope as /api/v1: a token sees exactly the people its
organisation's staff can see, through the apps' scoped queries, and every read of a person is
audited. Every resource and Bundle is built with ``fhir.resources`` (R4B models, whose JSON for
these resources is R4's), so a response that does not validate is never sent.

One module per resource builder (patients, organisations, episodes, flags, referrals,
consents), the CapabilityStatement (capability), the scoped reads (reads), the search
parameters, paging and Bundle (search), what each resource type answers (resources), and the
views and URLs."""

"""What a member of staff holds for their organisation: open work that must always have an
owner (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md). Policy as data.

accounts sits low in the layers and cannot import the apps that hold work (support,
registration, comms, patients). Each of them registers one Holding per kind of open item in its
AppConfig.ready: its name, the plain words for it, the roles that may hold it, the query of the
open items a user holds in an organisation, what one row says, and the function that hands one
item to a colleague (inside the caller's transaction, audited by the owning app). accounts asks
the registry before it deactivates someone or takes a role away, and its reassignment pages and
service go through it, so no layer exception is needed."""

from collections.abc import Callable
from dataclasses import dataclass, field

_REGISTRY = {}


@dataclass(frozen=True)
class Holding:
    name: str  # stable key, e.g. "support_team"
    label: str  # plain words: "People they are on the support team of"
    roles: frozenset  # the roles that may hold this kind of item
    held: Callable  # (user, organisation) -> queryset of the open items they hold
    describe: Callable  # (item) -> what the row says, e.g. "Lead worker for Jo Bloggs"
    reassign: Callable  # (actor, organisation, item, to_user) -> None, in the caller's txn
    order: int = 100
    # What says the item is as it was shown (optimistic concurrency): its version by default.
    fingerprint: Callable = field(default=lambda item: str(item.version))


def register(holding):
    """Called from an AppConfig.ready. Registering the same name again replaces it."""
    _REGISTRY[holding.name] = holding
    return holding


def holdings():
    """Every kind of holding, in the order pages show them."""
    return sorted(_REGISTRY.values(), key=lambda h: (h.order, h.name))


def get(name):
    return _REGISTRY.get(name)


def counts(user, organisation):
    """[(holding, number of open items)] for the kinds this user holds anything of."""
    found = []
    for holding in holdings():
        number = holding.held(user, organisation).count()
        if number:
            found.append((holding, number))
    return found


def holds_anything(user, organisation):
    return any(h.held(user, organisation).exists() for h in holdings())


def kinds_needing(user, organisation, roles):
    """The kinds the user holds open items of that none of ``roles`` may hold: taking away
    every other role would leave these without an owner."""
    roles = {str(role) for role in roles}
    return [
        holding
        for holding in holdings()
        if not roles & {str(r) for r in holding.roles} and holding.held(user, organisation).exists()
    ]


@dataclass(frozen=True)
class Item:
    holding: Holding
    obj: object

    @property
    def key(self):
        return f"{self.holding.name}:{self.obj.public_id}"

    @property
    def text(self):
        return self.holding.describe(self.obj)

    @property
    def fingerprint(self):
        return self.holding.fingerprint(self.obj)


class HeldItems:
    """Every open item a user holds, across the kinds, as one sequence a Paginator can page:
    one count per kind, and only the kinds a page touches are read (a slice each)."""

    def __init__(self, user, organisation):
        self.parts = [(h, h.held(user, organisation)) for h in holdings()]
        self._counts = None

    def _sizes(self):
        if self._counts is None:
            self._counts = [queryset.count() for _, queryset in self.parts]
        return self._counts

    def count(self):
        return sum(self._sizes())

    def by_kind(self):
        """[(holding, number)] of the kinds with anything held."""
        return [(h, n) for (h, _), n in zip(self.parts, self._sizes(), strict=True) if n]

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        found, offset = [], 0
        for (holding, queryset), size in zip(self.parts, self._sizes(), strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found.extend(Item(holding, obj) for obj in queryset[low:high])
            offset += size
        return found

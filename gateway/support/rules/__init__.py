"""Pure rules of docs/domain/multiple-disadvantage.md#multiple-disadvantage: plain values in, plain
values out, no database. Services store what they return, including the rule version that decided
it."""

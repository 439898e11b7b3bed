"""Pure rules of DOMAIN §4: plain values in, plain values out, no database. Services store
what they return, including the rule version that decided it."""

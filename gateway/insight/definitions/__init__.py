"""Each dashboard figure's definition in plain words, one module per section; the sections,
the definitions page and the exports take them from here."""

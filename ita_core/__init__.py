"""The core every package imports: the data model (`ita_core.model`) and the Thai facts the
stages share (`ita_core.thai`). It imports nothing from extract, normalize or pipelines."""

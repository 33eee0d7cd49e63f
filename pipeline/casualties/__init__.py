"""Casualty figures from news text (rules as data in rules/*.json; entry point: extract.py).

Conventions, each recorded on the row that used it:
- hedge: 'over/more than N' and 'at least N' give low = best = N, high None (the stated, conservative figure,
  as ACLED codes it; not N+1); 'nearly/up to N' give high = best = N; 'about/some N' give best only;
  ranges 'A to B' give low = best = A, high = B; vague amounts (ACLED): tens 10, dozens 12, scores 20,
  hundreds 100, thousands 1000, low = best, high None; singular victims ('a woman') count 1.
- type_rule: 'casualties' is resolved to killed only by a rule in types.json, and the row says so
  ('noun:casualties|casualties->killed').
- figure_kind / periods: see timing.py; location fallbacks: see attribution.resolve_location.
"""

"""Casualty figures from news text (rules as data in rules/*.json; entry point: extract.extract_batch).

Modules: numbers (number expressions and hedges), noncasualty (numbers that are no count), link (number ->
casualty type through the parse or word windows), clause (the figure's clause, event and context),
timing (kind, period, scope), attribution (claimant), places (location), context (what a sentence and
its article provide), rules (the rule files, compiled), evaluation (the dev-set scorer). Conventions are
in the README ("Casualty figures") and on every row (type_rule, kind_rule, scope_rule, claimant_rule,
location_rule, group_rule, rule_id).
"""

# The extraction rules' code version; pipeline/versions.py adds a hash of rules/ to it. Here, not in extract.py,
# so the version can be known without importing spaCy.
EXTRACTOR_VERSION = "casualty-rules-2"

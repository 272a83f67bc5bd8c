"""Electronic evidence: preservation (Budapest art. 29) and emergency disclosure (Protocol art. 9).

codes (kind codes, periods) · categories (data categories and their thresholds) · steps (the kinds'
steps and fields) · checks and rules (completeness checks and their table) · routing (24/7 contact,
the state's own period) · expiry (case deadlines) · follow_up (the follow-up MLA request and the
extension) · actions (database writes the pages call) · document (document rows, one-page form) ·
samples and demo (sample data) · registration (`register()`) · views (pages).
"""

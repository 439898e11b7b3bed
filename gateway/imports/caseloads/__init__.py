"""A commissioner's caseload spreadsheet (CSV or XLSX): the people already on their scheme,
brought into Gateway (issue 15, docs/adr/0031). Upload, say which column holds what, check in
the background, preview every row that cannot be used and why, then apply in the background:
each person through the patients services and each episode through
gateway.sas.services.record_episode_begun_before_gateway, as the pages do."""

"""Describe Wuhan's first vocational-school station: its co-builders and its projects.

Shows the Wuhan scenario: a station set up in a school (`StationSetting.SCHOOL`),
the four bodies that co-build it with their kinds, and the projects 守护明天 and
相伴成长 with their services and person-times, labelled in Chinese and English.
"""

import socialwork as sw

s = sw.datasets.scenario("wuhan_school")
reg = s.registry
for station in reg.stations.values():
    print(f"{station.name} ({station.setting.zh} {station.setting.en})")
    for org_id in station.co_builder_ids:
        org = reg.organizations[org_id]
        print(f"  co-builder: {org.name} ({org.kind.zh}, {org.kind.en})")
for project in sorted(reg.projects.values(), key=lambda p: p.start):
    period = f"{project.start} - {project.end or 'ongoing'}"
    services = ", ".join(sorted(k.zh for k in project.service_kinds))
    print(f"  {project.name} {period}: {services}; {project.person_times} person-times")

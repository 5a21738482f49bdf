"""Report Wuhou's three-level system and its 2025 talent targets, from the reported scenario.

Shows a scenario bundle (`sw.datasets.scenario`): the station counts by level, the
posted social workers by talent track, and the progress the district would make
towards the five actions' 2025 targets if the counts on the launch day (10 June
2022, from the registry) grew to the made-up counts of the end of 2023.
"""

import datetime as dt
from collections import Counter

import attrs

import socialwork as sw
from socialwork.targets import progress

s = sw.datasets.scenario("wuhou")
reg = s.registry
print(f"{s.title_zh} ({s.source.split(':')[0]})")
for level in sw.StationLevel:
    count = sum(1 for station in reg.stations.values() if station.level is level)
    print(f"  {level.zh} {level.en}: {count}")

posted = [w for w in reg.social_workers.values() if w.station_id is not None]
tracks = Counter(t for w in posted for t in w.tracks)
print(f"  social workers in post: {len(posted)}, projects: {len(reg.projects)}")

now = {
    "practitioners": tracks[sw.TalentTrack.PRACTITIONER],
    "managers": tracks[sw.TalentTrack.MANAGER],
    "supervisors": tracks[sw.TalentTrack.SUPERVISOR],
}
talent = [
    attrs.evolve(t, baseline=now[t.metric], baseline_date=s.as_of) for t in s.targets if t.metric in now
]
later = {"practitioners": 260, "managers": 40, "supervisors": 45}
for p in progress(talent, later, as_of=dt.date(2023, 12, 31)):
    print(f"  {p.target.zh}: {now[p.target.metric]} -> {p.observed}, {p.status.zh} ({p.status.en})")

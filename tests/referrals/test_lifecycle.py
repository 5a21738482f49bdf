"""The referral life-cycle: the table, the laws each refusal names, and properties over random event sequences."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import socialwork as sw
from socialwork.errors import ReferralRefusedError
from socialwork.referrals import FINAL, LIFECYCLE, SHARED, allowed_actions, replay, response_due, transition

A, S = sw.ReferralAction, sw.ReferralState
DAY = dt.date(2024, 3, 1)
COUNSELLING = sw.ServiceKind.COUNSELLING


def _referral(**fields: object) -> sw.Referral:
    values: dict[str, object] = {
        "id": "r1",
        "case_id": "c1",
        "from_id": "school",
        "to_id": "agency",
        "service_kind": COUNSELLING,
        "proposed": DAY,
    }
    values.update(fields)
    return sw.Referral(**values)  # type: ignore[arg-type]


def _case(band: sw.AgeBand | None = sw.AgeBand.MINOR, year: int | None = 2008) -> sw.Case:
    return sw.Case(id="c1", holder_id="school", opened=DAY, age_band=band, birth_year=year)


def _consent(**fields: object) -> sw.Consent:
    values: dict[str, object] = {
        "id": "k1",
        "case_id": "c1",
        "given_by": sw.ConsentGiver.GUARDIAN,
        "purpose": COUNSELLING,
        "recipient_id": "agency",
        "given": DAY,
    }
    values.update(fields)
    return sw.Consent(**values)  # type: ignore[arg-type]


def test_the_table_reaches_every_state_from_proposed() -> None:
    """Every state of ReferralState is reached from 提出, and only the final states have no way out."""
    reached, todo = {S.PROPOSED}, [S.PROPOSED]
    while todo:
        state = todo.pop()
        for step in LIFECYCLE:
            if step.source is state and step.target not in reached:
                reached.add(step.target)
                todo.append(step.target)
    assert reached == set(S)
    assert {state for state in S if not allowed_actions(state)} == FINAL


def test_the_happy_path_in_the_issue_s_order() -> None:
    """提出 → 已同意 → 已发送 → 已接收 → 服务中 → 已结案, one audit event a step, the outcome kept."""
    r, k, case = _referral(), [_consent()], _case()
    states = [r.state.zh]
    for action, actor in [
        (A.CONSENT, "school"),
        (A.SEND, "school"),
        (A.RECEIVE, "agency"),
        (A.START, "agency"),
        (A.CLOSE, "agency"),
    ]:
        t = transition(
            r,
            action,
            actor=actor,
            at=DAY,
            consents=k,
            case=case,
            note="情绪稳定" if action is A.CLOSE else "",
        )
        assert (t.event.before, t.event.after) == (r.state, t.referral.state)
        r = t.referral
        states.append(r.state.zh)
    assert states == ["提出", "已同意", "已发送", "已接收", "服务中", "已结案"]
    assert (r.revision, r.outcome, r.consent_id, r.closed) == (5, "情绪稳定", "k1", DAY)


def test_sending_without_consent_names_pipl_articles_23_and_29() -> None:
    """No consent for that recipient: the refusal names PIPL Art. 23 and 29, in both languages."""
    with pytest.raises(ReferralRefusedError) as info:
        transition(_referral(), A.CONSENT, actor="school", at=DAY, consents=[_consent(recipient_id="other")])
    assert info.value.rule == "PIPL Art. 23, 29"
    assert info.value.reason.zh == "个案 'c1' 没有向 'agency' 提供、用于心理咨询的同意"


def test_a_withdrawn_consent_names_pipl_article_15() -> None:
    """A consent withdrawn before the step does not allow it."""
    k = _consent(withdrawn=DAY + dt.timedelta(days=1))
    consented = transition(_referral(), A.CONSENT, actor="school", at=DAY, consents=[k]).referral
    with pytest.raises(ReferralRefusedError, match=r"^PIPL Art\. 15: consent 'k1' was withdrawn"):
        transition(consented, A.SEND, actor="school", at=DAY + dt.timedelta(days=2), consents=[k])


def test_a_child_under_14_needs_a_guardian_pipl_article_31() -> None:
    """The subject's own consent is refused for a child who may be under 14, or of unknown age."""
    own = _consent(given_by=sw.ConsentGiver.SUBJECT)
    for case in (_case(sw.AgeBand.UNDER_14, None), _case(None, None), None, _case(None, 2012)):
        with pytest.raises(ReferralRefusedError) as info:
            transition(_referral(), A.CONSENT, actor="school", at=DAY, consents=[own], case=case)
        assert info.value.rule == "PIPL Art. 31"
    assert (
        transition(
            _referral(), A.CONSENT, actor="school", at=DAY, consents=[own], case=_case()
        ).referral.state
        is S.CONSENTED
    )


def test_a_bundled_consent_names_pipl_article_29() -> None:
    """A consent that is one clause of a wider form is not the separate consent sensitive information needs."""
    with pytest.raises(ReferralRefusedError, match=r"^PIPL Art\. 29: "):
        transition(
            _referral(), A.CONSENT, actor="school", at=DAY, consents=[_consent(separate=False)], case=_case()
        )


def test_an_adult_consents_for_themselves() -> None:
    """A guardian's consent does not stand for an adult's own."""
    with pytest.raises(ReferralRefusedError, match=r"^PIPL Art\. 13: "):
        transition(
            _referral(),
            A.CONSENT,
            actor="school",
            at=DAY,
            consents=[_consent()],
            case=_case(sw.AgeBand.ADULT, 1990),
        )


def test_a_mandatory_report_goes_without_consent_and_is_recorded_as_such() -> None:
    """强制报告: from 提出 straight to 已发送, no consent, the referral and its event marked mandatory."""
    t = transition(_referral(to_id="police"), A.REPORT, actor="school", at=DAY, case=_case())
    assert (t.referral.state, t.referral.mandatory, t.referral.consent_id, t.referral.sent) == (
        S.SENT,
        True,
        None,
        DAY,
    )
    assert (t.event.action, t.event.mandatory) == (A.REPORT, True)


def test_a_mandatory_report_about_an_adult_names_the_minors_protection_law() -> None:
    """Article 11 is about minors: an adult's case goes with consent."""
    with pytest.raises(ReferralRefusedError, match=r"^Minors Protection Law Art\. 11: "):
        transition(_referral(), A.REPORT, actor="school", at=DAY, case=_case(sw.AgeBand.ADULT, 1990))


def test_withdrawal_stops_what_was_not_sent_and_cannot_undo_what_was() -> None:
    """Withdrawing a sent referral names PIPL Art. 15; a withdrawn one accepts no step at all."""
    sent = transition(_referral(), A.REPORT, actor="school", at=DAY).referral
    with pytest.raises(ReferralRefusedError, match=r"^PIPL Art\. 15: referral 'r1' is already sent"):
        transition(sent, A.WITHDRAW, actor="school", at=DAY)
    withdrawn = transition(_referral(), A.WITHDRAW, actor="school", at=DAY).referral
    for action in A:
        with pytest.raises(ReferralRefusedError, match=r"^life-cycle: referral 'r1' was withdrawn"):
            transition(withdrawn, action, actor="school", at=DAY, consents=[_consent()])


def test_only_the_right_party_takes_each_step() -> None:
    """The referrer sends; the recipient receives: anyone else is refused by name."""
    with pytest.raises(ReferralRefusedError, match=r"^referral roles: only the referrer 'school' may"):
        transition(_referral(), A.WITHDRAW, actor="agency", at=DAY)
    sent = transition(_referral(), A.REPORT, actor="school", at=DAY).referral
    with pytest.raises(ReferralRefusedError) as info:
        transition(sent, A.RECEIVE, actor="school", at=DAY)
    assert info.value.reason.zh == "只有接收方 'agency' 可以对转介 'r1' 执行「接收」，'school' 不可以"


def test_a_step_cannot_be_dated_before_the_last() -> None:
    """The audit log runs forward in time."""
    sent = transition(_referral(), A.REPORT, actor="school", at=DAY + dt.timedelta(days=3)).referral
    with pytest.raises(ReferralRefusedError, match=r"^audit order: "):
        transition(sent, A.RECEIVE, actor="agency", at=DAY)


def test_a_step_not_in_the_table_lists_what_is_allowed() -> None:
    """Receiving a referral that was never sent is refused, naming the allowed actions."""
    with pytest.raises(ReferralRefusedError) as info:
        transition(_referral(), A.RECEIVE, actor="agency", at=DAY)
    assert str(info.value) == (
        "life-cycle: cannot receive referral 'r1', which is proposed; allowed: record consent, mandatory report, withdraw"
    )


def test_wrong_types_raise_socialwork_errors() -> None:
    """Arguments of the wrong type are named; no bare TypeError."""
    with pytest.raises(sw.InvalidTypeError, match=r"^action: "):
        transition(_referral(), "send", actor="school", at=DAY)  # type: ignore[arg-type]
    with pytest.raises(sw.InvalidTypeError, match=r"^at: "):
        transition(_referral(), A.REPORT, actor="school", at=dt.datetime(2024, 3, 1, 9))
    with pytest.raises(sw.InvalidTypeError, match=r"^consents\[0\]: "):
        transition(_referral(), A.CONSENT, actor="school", at=DAY, consents=["k1"])  # type: ignore[list-item]


def test_the_error_pickles_with_its_rule_and_reason() -> None:
    """A refusal crosses process boundaries intact."""
    with pytest.raises(ReferralRefusedError) as info:
        transition(_referral(), A.RECEIVE, actor="agency", at=DAY)
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.rule, again.reason.zh) == (info.value.rule, info.value.reason.zh)


def test_the_response_is_due_seven_days_after_sending() -> None:
    """The limit is a dated table: 7 days since always, unless a history says otherwise."""
    sent = transition(_referral(), A.REPORT, actor="school", at=DAY).referral
    assert response_due(sent) == DAY + dt.timedelta(days=7)
    assert response_due(sent, [(dt.date.min, 7), (dt.date(2024, 1, 1), 2)]) == DAY + dt.timedelta(days=2)
    assert response_due(_referral()) is None


# -- properties over random event sequences ------------------------------------------

ROLES = ("sender", "recipient", "recipient", "other")


class ReferralMachine(RuleBasedStateMachine):
    """Random consents, withdrawals of consent and steps by random actors on random days."""

    def __init__(self) -> None:
        super().__init__()
        self.consents: list[sw.Consent] = []
        self.events: list[sw.ReferralEvent] = []
        self.day = DAY
        self.withdrawn_at: int | None = None

    @initialize(
        band=st.none() | st.sampled_from(sw.AgeBand),
        year=st.none() | st.integers(2000, 2020),
        to=st.sampled_from(["agency", "police"]),
    )
    def start(self, band: sw.AgeBand | None, year: int | None, to: str) -> None:
        self.case = sw.Case(id="c1", holder_id="school", opened=DAY, age_band=band, birth_year=year)
        self.first = _referral(to_id=to)
        self.referral = self.first

    @rule(
        giver=st.sampled_from(sw.ConsentGiver),
        purpose=st.sampled_from([COUNSELLING, sw.ServiceKind.JUDICIAL]),
        to=st.sampled_from(["agency", "agency", "police", "other"]),
        back=st.integers(0, 3),
        separate=st.booleans(),
    )
    def give_consent(
        self, giver: sw.ConsentGiver, purpose: sw.ServiceKind, to: str, back: int, separate: bool
    ) -> None:
        given = self.day - dt.timedelta(days=back)
        self.consents.append(
            _consent(
                id=f"k{len(self.consents)}",
                given_by=giver,
                purpose=purpose,
                recipient_id=to,
                given=given,
                separate=separate,
            )
        )

    @rule(giver=st.sampled_from(sw.ConsentGiver))
    def give_the_consent_asked_for(self, giver: sw.ConsentGiver) -> None:
        """A consent for the referral's own purpose and recipient, in force from today."""
        r = self.referral
        self.consents.append(
            _consent(
                id=f"k{len(self.consents)}",
                given_by=giver,
                purpose=r.service_kind,
                recipient_id=r.to_id,
                given=self.day,
            )
        )

    @rule(which=st.integers(0, 9))
    def withdraw_consent(self, which: int) -> None:
        open_ = [k for k in self.consents if k.withdrawn is None]
        if open_:
            chosen = open_[which % len(open_)]
            self.consents[self.consents.index(chosen)] = attrs.evolve(chosen, withdrawn=self.day)

    @rule(days=st.integers(0, 3))
    def wait(self, days: int) -> None:
        self.day += dt.timedelta(days=days)

    @rule(
        action=st.sampled_from(A),
        pick=st.none() | st.integers(0, 20),
        role=st.sampled_from(ROLES),
        note=st.sampled_from(["", "已完成"]),
    )
    def step(self, action: sw.ReferralAction, pick: int | None, role: str, note: str) -> None:
        """Any action, or (with *pick*) one the table allows from the state, mostly by the right party."""
        before = self.referral
        allowed = allowed_actions(before.state)
        if pick is not None and allowed:
            action = allowed[pick % len(allowed)]
        actor = {"sender": before.from_id, "recipient": before.to_id}.get(role, "other")
        try:
            t = transition(
                before, action, actor=actor, at=self.day, consents=self.consents, case=self.case, note=note
            )
        except ReferralRefusedError as error:
            assert error.rule  # every refusal names its law or rule
            if before.state is S.WITHDRAWN:
                assert error.rule == "life-cycle"
            return
        assert before.state is not S.WITHDRAWN, "withdrawal is final"
        if t.referral.state in SHARED and before.state not in SHARED:
            # Shared now: by a mandatory report, or with a consent that an independent reading allows.
            if action is A.REPORT:
                assert t.referral.mandatory
                assert t.event.mandatory
                assert t.referral.consent_id is None
            else:
                assert self._independently_allowed(t.referral)
        self.referral = t.referral
        self.events.append(t.event)

    def _independently_allowed(self, referral: sw.Referral) -> bool:
        case = self.case
        unknown = case.age_band is None and case.birth_year is None
        maybe_child = (
            unknown
            or case.age_band is sw.AgeBand.UNDER_14
            or (
                case.birth_year is not None
                and self.day.year - case.birth_year < (14 if case.age_band else 15)
            )
        )
        for k in self.consents:
            if (k.id, k.case_id, k.purpose, k.recipient_id) != (
                referral.consent_id,
                "c1",
                referral.service_kind,
                referral.to_id,
            ):
                continue
            in_force = k.given <= self.day and (k.withdrawn is None or self.day < k.withdrawn)
            person = (
                k.given_by is sw.ConsentGiver.GUARDIAN
                if maybe_child
                else (k.given_by is sw.ConsentGiver.SUBJECT if case.age_band is sw.AgeBand.ADULT else True)
            )
            if in_force and k.separate and person:
                return True
        return False

    @invariant()
    def every_change_has_its_event(self) -> None:
        if not hasattr(self, "referral"):
            return
        assert self.referral.revision == len(self.events)
        assert [e.sequence for e in self.events] == list(range(1, len(self.events) + 1))
        chain = [self.first.state] + [e.after for e in self.events]
        assert [e.before for e in self.events] == chain[:-1]
        assert chain[-1] is self.referral.state

    @invariant()
    def the_log_replays_to_the_same_referral(self) -> None:
        if hasattr(self, "referral"):
            assert replay(self.first, self.events) == self.referral

    @invariant()
    def nothing_unsent_was_shared(self) -> None:
        if hasattr(self, "referral") and self.referral.state in (S.PROPOSED, S.CONSENTED, S.WITHDRAWN):
            assert self.referral.sent is None


ReferralMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=25, deadline=None)
TestReferralLifeCycle = ReferralMachine.TestCase


@given(st.lists(st.sampled_from(A), max_size=12))
def test_replay_refuses_a_log_out_of_order(actions: list[sw.ReferralAction]) -> None:
    """Property: a log whose events are swapped does not replay; the error names the audit log."""
    r, events = _referral(to_id="agency"), []
    for action in actions:
        actor = "school" if action in (A.CONSENT, A.SEND, A.REPORT, A.WITHDRAW) else "agency"
        try:
            t = transition(r, action, actor=actor, at=DAY, consents=[_consent()], case=_case())
        except ReferralRefusedError:
            continue
        r = t.referral
        events.append(t.event)
    assert replay(_referral(to_id="agency"), events) == r
    if len(events) >= 2:
        with pytest.raises(ReferralRefusedError, match=r"^audit log: "):
            replay(_referral(to_id="agency"), [events[1], events[0], *events[2:]])


def test_a_shared_referral_carries_only_what_the_recipient_needs() -> None:
    """The recipient gets the service, the reason and the age band; not the birth year, the notes, other referrals."""
    from socialwork.referrals import share

    reg = sw.datasets.wuhan_school()
    shared = share(reg.referrals["whs-r-01"], reg.cases["whs-case-01"])
    fields = {f.name for f in attrs.fields(type(shared))}
    assert not fields & {"birth_year", "note", "outcome"}
    assert (shared.reason, shared.age_band) == ("校园欺凌后情绪低落，需要心理咨询", sw.AgeBand.MINOR)
    assert "校园欺凌" not in repr(shared)
    unsent = transition(_referral(), A.WITHDRAW, actor="school", at=DAY).referral
    with pytest.raises(
        ReferralRefusedError, match=r"^PIPL Art\. 23, 29: referral 'r1' is withdrawn, not sent"
    ):
        share(unsent, _case())
    with pytest.raises(ReferralRefusedError, match=r"^referral roles: case 'whs-case-02' is not the case"):
        share(reg.referrals["whs-r-01"], reg.cases["whs-case-02"])

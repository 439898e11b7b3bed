"""The figures the daily job keeps (ADR 0064, hazard H76): after the job, every area's kept
figures for every period the pages offer equal the figures counted live, on the dashboard and
the national view alike; the pages say in words when the figures were worked out, show the
kept figures until the next day's job, and count live whenever none are kept for today."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.insight import national, services
from gateway.insight.definitions import support as ds
from gateway.insight.forms import offered_periods
from gateway.insight.models import KeptFigures
from gateway.insight.queries import kept as kept_figures
from gateway.insight.queries import national as national_queries
from gateway.insight.queries.scope import Scope
from tests.factories import NationalFactory

from .area_world import Area, Kind
from .sas_world import SasWorld, at

pytestmark = pytest.mark.django_db
DAYS_BACK = (1, 100, 400)  # this quarter or the last, an earlier quarter, the year before
WORKED_OUT = re.compile(r'<p id="worked-out">[^<]*</p>\s*')


def busy_world():
    """A SAS area and an area with every other kind of record, each on days this quarter,
    earlier quarters and last year."""
    today = timezone.localdate()
    sas, area = SasWorld(sas_practices=2), Area()
    rule = area.rule(1, 3)
    for back in DAYS_BACK:
        day = today - datetime.timedelta(days=back)
        episode = sas.episode(
            notice=at(day - datetime.timedelta(days=3)),
            allocated=at(day - datetime.timedelta(days=2)),
        )
        sas.review(episode, day, held_on=day, took_part="in_person")
        sas.appeal(episode, day, status="dismissed", decided_on=day, panel_due=day)
        sas.unreachable(episode, at(day))
        for _ in range(2):
            person = area.person(ethnic_category="A")
            area.episode(person, allocated_on=day - datetime.timedelta(days=30))
            area.registered(referred_on=day, registered_on=day, is_prison_leaver=True,
                            release_date=day, first_appointment_due_on=day)  # fmt: skip
            area.refused(refused_on=day, reason="no_id")
            area.mcn(person, rule, meets=True, on=day)
            area.service_referral(person, Kind.REFUGE, sent_on=day, status="declined",
                                  reason="needs_too_high")  # fmt: skip
            area.action(person, due_on=day, made_on=day)
            area.death(person, died_on=day)
    return sas, area


def main_of(body):
    """The page's main content without the words saying when the figures were worked out."""
    main = WORKED_OUT.sub("", body.split("<main", 1)[1].split("</main>", 1)[0])
    return re.sub(r"\s+", " ", main)


def figure_value(body, key):
    card = body.split(f'id="figure-{key}"', 1)[1]
    return re.search(r'<p class="nhsuk-heading-l[^"]*">([^<]*)</p>', card).group(1)


def test_kept_figures_equal_the_live_figures_after_the_daily_job():
    sas, area = busy_world()
    commissioners = [sas.commissioner, area.commissioner]
    call_command("insight_daily")  # tasks run as they are queued in tests
    today = timezone.localdate()
    periods = offered_periods(today)
    assert KeptFigures.objects.filter(worked_out_on=today).count() == 2 * len(periods)
    for period in periods:
        for commissioner in commissioners:
            kept, _worked_out_at = kept_figures.for_area(commissioner, period, today, links=True)
            scope = Scope(commissioner=commissioner, links_as_if_allowed=True)
            assert kept == [function(scope, period) for function in national.SECTIONS]
        areas = list(national_queries.active_commissioners())
        kept_areas, _times = kept_figures.for_areas(areas, period, today)
        assert len(kept_areas) == len(areas)
        assert national.build(areas, period, kept=kept_areas) == national.build(areas, period)


def test_the_dashboard_shows_the_kept_figures_and_says_when_they_were_worked_out(client):
    sas, _area = busy_world()
    sign_in(client, sas.user, sas.commissioner)
    url = reverse("insight:dashboard")
    live = client.get(url).content.decode()
    assert 'id="worked-out"' not in live
    call_command("insight_daily")
    kept = client.get(url).content.decode()
    assert "These figures were worked out at " in kept
    assert "Anything recorded since then is not in them yet" in kept
    assert main_of(kept) == main_of(live)


def test_the_national_view_shows_every_areas_kept_figures_and_when(staff_client):
    busy_world()
    client, _, _ = staff_client(Role.NATIONAL_ANALYST, NationalFactory())
    url = reverse("insight:national")
    live = client.get(url).content.decode()
    call_command("insight_daily")
    kept = client.get(url).content.decode()
    assert "These figures were worked out " in kept
    assert main_of(kept) == main_of(live)


def test_a_record_made_after_the_job_shows_the_next_day_and_live_when_none_kept_today(client):
    sas, area = busy_world()
    sign_in(client, area.worker, area.commissioner)
    area.worker.memberships.update(role=Role.COMMISSIONER, organisation=area.commissioner)
    url = reverse("insight:dashboard")
    call_command("insight_daily")
    before = figure_value(client.get(url).content.decode(), ds.DEATHS.key)
    area.death(area.person(), died_on=timezone.localdate() - datetime.timedelta(days=1))
    # Until the job works the figures out again, the page shows them as they were, and says
    # when that was.
    body = client.get(url).content.decode()
    assert figure_value(body, ds.DEATHS.key) == before
    assert 'id="worked-out"' in body
    # Figures kept on an earlier day are never shown: the page counts live.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    KeptFigures.objects.update(worked_out_on=yesterday)
    body = client.get(url).content.decode()
    assert figure_value(body, ds.DEATHS.key) == str(int(before) + 1)
    assert 'id="worked-out"' not in body
    # The next day's job keeps them again, with the death, and forgets the old ones.
    call_command("insight_daily")
    body = client.get(url).content.decode()
    assert figure_value(body, ds.DEATHS.key) == str(int(before) + 1)
    assert 'id="worked-out"' in body
    assert not KeptFigures.objects.filter(worked_out_on=yesterday).exists()


def test_the_job_run_again_the_same_day_queues_nothing():
    busy_world()
    call_command("insight_daily")
    assert services.areas_to_keep(timezone.localdate()) == []

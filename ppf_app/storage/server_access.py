"""Who may read and change what on a server database, enforced by PostgreSQL itself.

The product's rules are PostgreSQL roles, privileges and row-level security policies, so
that a login connecting with ``psql`` (or anything else) sees no more than through the
app. Everything is data in this module; :func:`apply` writes it into the database.

**Roles.** Four group roles (``NOLOGIN``), one per product role; a login is made a member
of exactly one by ``ppf server grant``, which also records it in ``ppf_access``:

=================  =====================================================================
``ppf_person``     reads and changes its own person's records
``ppf_appraiser``  as a person for its own records (when it has a person), and reads its
                   appraisees' records; writes their appraiser and agreed assessments,
                   ratings, plans and appraisals until the appraisal is signed
``ppf_lead``       no table at all: only the training-needs analysis with disclosure
                   control, computed inside the database by ``ppf_tna`` (a
                   ``SECURITY DEFINER`` function that returns suppressed figures and
                   nothing else) over the outlines an admin's program recorded
                   (``ppf_tna_frameworks``)
``ppf_admin``      everything, and gives logins their roles (``ppf server grant``)
=================  =====================================================================

**Row-level security.** Every table of the models (``person``, ``assessment``,
``rating``, ``plan``, ``objective``, ``appraisal``, ...; a table added later without a rule
written here follows its assessment or person, else is the admins' only) and every table
behind the rules has row-level security enabled and *forced*, so its owner is held to
the policies too: the account that ran ``ppf server init`` owns the tables and is made
an admin, and the ``SECURITY DEFINER`` functions (owned by it) see what an admin sees, no
more. A person's records are found from ``ppf_access`` (login -> role, person) and
``ppf_access_appraisee`` (login -> the people it appraises) for ``current_user``; a login
reads only its own rows of those two tables. Framework texts (``framework_snapshot``,
``framework_file``) hold no personal data and are readable by persons and appraisers.

The signed-record guard triggers (migrations 0003 and 0004) make a signed appraisal
read-only for everyone, admins included; the appraiser's policies also stop at sign-off.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Table, text
from sqlmodel import SQLModel

from ppf_app.core.errors import UserError
from ppf_app.core.resources import bundled_frameworks_dir
from ppf_app.domain.disclosure import MEAN_PLACES, MIN_GROUP_FLOOR, ROUNDING_BASE
from ppf_app.domain.framework_loader import parse_framework
from ppf_app.domain.tna import ALL_SEGMENT, NO_DEPARTMENT
from ppf_app.domain.tna_outline import NO_GROUP, TnaOutline
from ppf_app.storage.models import frozen_condition
from ppf_app.storage.repositories.cohort_facts import chosen_sql
from ppf_app.storage.server import SERVER_METADATA, framework_files

log = logging.getLogger(__name__)

#: The product's roles and the PostgreSQL group role of each.
GROUP_ROLES: dict[str, str] = {
    "person": "ppf_person",
    "appraiser": "ppf_appraiser",
    "lead": "ppf_lead",
    "admin": "ppf_admin",
}
PRODUCT_ROLES: tuple[str, ...] = tuple(GROUP_ROLES)

#: Raised with every change to the rules below; a database whose rules are of a later
#: version is left alone (a newer ``ppf`` prepared it).
ACCESS_VERSION = 5

#: Framework texts: no personal data, read by persons and appraisers.
FRAMEWORK_TABLES: tuple[str, ...] = ("framework_snapshot", "framework_file")
#: The tables behind the rules.
ACCESS_TABLES: tuple[str, ...] = ("ppf_access", "ppf_access_appraisee")
#: Tables without personal data and without row-level security.
PLAIN_TABLES: tuple[str, ...] = ("alembic_version", "ppf_server", "ppf_tna_outline")

_ACCESS_TABLES_DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS ppf_server (
    key text PRIMARY KEY,
    value text NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS ppf_access (
    login text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('person', 'appraiser', 'lead', 'admin')),
    person_id integer REFERENCES person (id) ON DELETE SET NULL
)""",
    """CREATE TABLE IF NOT EXISTS ppf_access_appraisee (
    login text NOT NULL REFERENCES ppf_access (login) ON DELETE CASCADE,
    person_id integer NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (login, person_id)
)""",
    # What the training-needs analysis counts of each framework version (no personal
    # data), recorded by an admin's program: a lead can neither choose nor change it.
    """CREATE TABLE IF NOT EXISTS ppf_tna_outline (
    framework_id text NOT NULL,
    version text NOT NULL,
    outline jsonb NOT NULL,
    recorded_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    PRIMARY KEY (framework_id, version)
)""",
)


# -- functions the policies use ----------------------------------------------------------


@dataclass(frozen=True)
class Function:
    """A function in the library's schema; ``security_definer`` ones run as the owner."""

    signature: str
    returns: str
    body: str
    language: str = "sql"
    volatility: str = "STABLE"
    security_definer: bool = False
    #: The group roles that may call it (nobody else: PUBLIC's default right is revoked).
    callers: tuple[str, ...] = tuple(GROUP_ROLES.values())
    #: Settings the function runs with whatever the caller set (``name = value``).
    settings: tuple[str, ...] = ()

    def sql(self, schema: str) -> str:
        security = "SECURITY DEFINER" if self.security_definer else "SECURITY INVOKER"
        settings = "".join(f" SET {setting}" for setting in self.settings)
        return (
            f"CREATE OR REPLACE FUNCTION {self.signature} RETURNS {self.returns} "
            f"LANGUAGE {self.language} {self.volatility} {security} "
            f"SET search_path = {_ident(schema)}, pg_temp{settings} AS $ppf$\n{self.body}\n$ppf$"
        )


#: The login, to compare with ``ppf_access.login`` and ``ppf_access_appraisee.login``.
#: ``current_user`` is a ``name``, whose collation is "C": compared as it is with a text
#: column of the database's default collation, the comparison cannot use the column's
#: index, and every lookup of a login reads the whole table. Equality is the same in
#: every collation a database can have as its default.
_ME = 'CAST(current_user AS text) COLLATE "default"'

_ROLE_CASE = " ".join(
    f"WHEN pg_has_role({_r!r}, 'USAGE') THEN {_k!r}"
    for _k, _r in (
        ("admin", "ppf_admin"),
        ("appraiser", "ppf_appraiser"),
        ("person", "ppf_person"),
        ("lead", "ppf_lead"),
    )
)

FUNCTIONS: tuple[Function, ...] = (
    Function(
        "ppf_my_role()",
        "text",
        f"SELECT CASE {_ROLE_CASE} END",
        callers=("PUBLIC",),
    ),
    Function(
        "ppf_schema_revision()",
        "text",
        "SELECT version_num FROM alembic_version LIMIT 1",
        security_definer=True,
        callers=("PUBLIC",),
    ),
    # A helper the row rules call for a row they check is plpgsql, whose query plans are
    # kept for the session: an SQL function's are made again on each call, which cost the
    # autosave about a millisecond on a server.
    Function(
        "ppf_frozen(integer)",
        "boolean",
        "BEGIN RETURN " + frozen_condition("$1") + "; END",
        language="plpgsql",
    ),
    Function(
        # Every assessment an appraisal names is of the appraisal's person (and visible):
        # an appraisal cannot reach, or freeze by its sign-off, anyone else's records.
        "ppf_assessments_of(integer, integer[])",
        "boolean",
        "SELECT NOT EXISTS (SELECT 1 FROM unnest($2) AS named(id) WHERE named.id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM assessment WHERE assessment.id = named.id "
        "AND assessment.person_id = $1))",
    ),
)
#: Functions of earlier rules, dropped when the rules are written again.
RETIRED_FUNCTIONS: tuple[str, ...] = (
    "ppf_writable_assessments()",
    "ppf_my_appraisees()",
    "ppf_my_partners()",
    "ppf_my_people()",
    "ppf_may_write(integer, text, integer)",
    "ppf_may_write_assessment(integer)",
    "ppf_my_person()",
    # version 4's autosave, which ran with the caller's row rules
    "ppf_set_rating(integer, text, integer, boolean, text, boolean, boolean, boolean, "
    "timestamp, text, text, text)",
)

#: ``ppf server grant``: gives a login its one product role, its person and appraisees.
#: Runs as the owner (who may grant the group roles), callable by admins only.
GRANT_FUNCTION = Function(
    "ppf_grant(target text, product_role text, person integer, appraisees integer[])",
    "void",
    """
DECLARE
    wanted text := 'ppf_' || product_role;
    other text;
    found_login record;
BEGIN
    IF product_role IS NULL OR product_role NOT IN ('person', 'appraiser', 'lead', 'admin')
    THEN
        RAISE EXCEPTION 'unknown role %', product_role USING ERRCODE = '22023';
    END IF;
    SELECT rolcanlogin, rolsuper INTO found_login FROM pg_roles WHERE rolname = target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no database login %', target USING ERRCODE = '22023';
    END IF;
    IF NOT found_login.rolcanlogin OR found_login.rolsuper THEN
        RAISE EXCEPTION '% is not a login that can be given a role', target
            USING ERRCODE = '22023';
    END IF;
    IF target = current_user AND product_role <> 'admin' THEN
        RAISE EXCEPTION 'the owner of the tables stays an admin' USING ERRCODE = '22023';
    END IF;
    FOREACH other IN ARRAY ARRAY['ppf_person', 'ppf_appraiser', 'ppf_lead', 'ppf_admin'] LOOP
        IF other <> wanted AND EXISTS (
            SELECT 1 FROM pg_auth_members m
            JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE g.rolname = other AND u.rolname = target
        ) THEN
            EXECUTE format('REVOKE %I FROM %I', other, target);
        END IF;
    END LOOP;
    IF NOT EXISTS (
        SELECT 1 FROM pg_auth_members m
        JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
        WHERE g.rolname = wanted AND u.rolname = target
    ) THEN
        EXECUTE format('GRANT %I TO %I', wanted, target);
    END IF;
    INSERT INTO ppf_access (login, role, person_id) VALUES (target, product_role, person)
        ON CONFLICT (login) DO UPDATE SET role = EXCLUDED.role, person_id = EXCLUDED.person_id;
    DELETE FROM ppf_access_appraisee WHERE login = target;
    INSERT INTO ppf_access_appraisee (login, person_id)
        SELECT DISTINCT target, appraisee FROM unnest(appraisees) AS appraisee;
END
""",
    language="plpgsql",
    volatility="VOLATILE",
    security_definer=True,
    callers=("ppf_admin",),
)


# -- the training-needs analysis: a lead's only door ---------------------------------------

#: The segment names and the disclosure control of ``ppf_tna``: the same as
#: :mod:`ppf_app.domain.tna` and :mod:`ppf_app.domain.disclosure`, figure for figure (a
#: test runs both on the same data). A lead reads no row: only what this returns.
_TNA_BODY = f"""
#variable_conflict use_column
DECLARE
    recorded jsonb;
    scale_values integer[];
BEGIN
    IF p_min_group IS NULL OR p_min_group < {MIN_GROUP_FLOOR} THEN
        RAISE EXCEPTION 'the minimum group size must be at least {MIN_GROUP_FLOOR} (got %)',
            p_min_group USING ERRCODE = '22023',
            HINT = 'figures about fewer people could identify them';
    END IF;
    IF p_breakdown IS NULL OR p_breakdown NOT IN ('department', 'group', 'organisation') THEN
        RAISE EXCEPTION 'cannot break down by %: choose one of department, group, organisation',
            p_breakdown USING ERRCODE = '22023';
    END IF;
    SELECT o.outline INTO recorded FROM ppf_tna_outline o
        WHERE o.framework_id = p_framework AND o.version = p_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no training-needs analysis of framework % % on this server',
            p_framework, p_version USING ERRCODE = 'P0002';
    END IF;
    scale_values := ARRAY(
        SELECT value::integer FROM jsonb_array_elements_text(recorded->'scale')
    );
    RETURN QUERY
    WITH cols AS MATERIALIZED (
        SELECT (c.ordinality - 1)::integer AS col_index, c.value->>'kind' AS col_kind,
               c.value->>'id' AS col_id
        FROM jsonb_array_elements(recorded->'columns') WITH ORDINALITY AS c(value, ordinality)
    ), targets AS MATERIALIZED (
        -- each group's target step and importance for each behaviour it is asked, with
        -- the columns (its value, its training areas) the behaviour counts in
        SELECT g.key AS aim_group, t.key AS behaviour_id, p.value::integer AS col_index,
               (t.value->>0)::integer AS target, (t.value->>1)::integer AS importance
        FROM jsonb_each(recorded->'aims') AS g(key, value), jsonb_each(g.value) AS t(key, value),
             jsonb_array_elements_text(recorded->'behaviours'->t.key) AS p(value)
    ), chosen AS (
        SELECT c.person_id AS person_ref, c.assessment_id AS assessment_ref,
               CASE WHEN c.group_id <> '' AND recorded->'aims' ? c.group_id
                    THEN c.group_id ELSE '' END AS aim_group,
               CASE p_breakdown
                   WHEN 'organisation' THEN NULL
                   WHEN 'group' THEN COALESCE(NULLIF(c.group_id, ''), '{NO_GROUP}')
                   ELSE COALESCE(NULLIF(c.department, ''), '{NO_DEPARTMENT}')
               END AS raw_segment
        FROM ({chosen_sql("p_framework", "p_version")}) c
    ), seg AS MATERIALIZED (
        SELECT person_ref, assessment_ref, aim_group,
               CASE WHEN raw_segment = '{ALL_SEGMENT}'
                    THEN raw_segment || ' (' || p_breakdown || ')'
                    ELSE raw_segment END AS seg_name
        FROM chosen
    ), per_person AS MATERIALIZED (
        -- a person's mean weighted gap in a column, and whether any behaviour is short
        SELECT s.person_ref, s.seg_name, t.col_index,
               CAST(sum(GREATEST(0, t.target - (array_position(scale_values, r.level) - 1))
                        * t.importance) AS double precision)
                   / CAST(count(*) AS double precision) AS mean,
               bool_or(t.target > array_position(scale_values, r.level) - 1) AS need
        FROM seg s
        JOIN rating r ON r.assessment_id = s.assessment_ref
             AND r.level IS NOT NULL AND NOT r.not_applicable
             AND array_position(scale_values, r.level) IS NOT NULL
        JOIN targets t ON t.aim_group = s.aim_group AND t.behaviour_id = r.behaviour_id
        GROUP BY s.person_ref, s.seg_name, t.col_index
    ), exact_cells AS (
        SELECT seg_name, col_index, count(*)::integer AS n,
               (count(*) FILTER (WHERE need))::integer AS n_need,
               sum(mean ORDER BY person_ref) AS mean_sum
        FROM per_person GROUP BY seg_name, col_index
    ), exact_total AS (
        SELECT col_index, count(*)::integer AS n,
               (count(*) FILTER (WHERE need))::integer AS n_need,
               sum(mean ORDER BY person_ref) AS mean_sum
        FROM per_person GROUP BY col_index
    ), segments AS (
        SELECT DISTINCT seg_name FROM seg WHERE seg_name IS NOT NULL
    ), grid AS (
        SELECT g.seg_name, c.col_index, COALESCE(e.n, 0) AS n,
               COALESCE(e.n_need, 0) AS n_need, e.mean_sum,
               COALESCE(e.n, 0) > 0 AND COALESCE(e.n, 0) < p_min_group AS primary_hidden
        FROM segments g CROSS JOIN cols c
        LEFT JOIN exact_cells e ON e.seg_name = g.seg_name AND e.col_index = c.col_index
    ), col_stats AS (
        SELECT col_index, count(*) FILTER (WHERE primary_hidden) AS n_hidden,
               COALESCE(sum(n) FILTER (WHERE primary_hidden), 0) AS hidden_people,
               COALESCE(sum(n), 0) AS everyone
        FROM grid GROUP BY col_index
    ), candidates AS (
        -- the cells still shown, smallest first: hidden in turn while the hidden cells
        -- are one alone, or fewer people together than the minimum
        SELECT g.seg_name, g.col_index, row_number() OVER w AS place,
               COALESCE(sum(g.n) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                   AS before
        FROM grid g WHERE g.n > 0 AND NOT g.primary_hidden
        WINDOW w AS (PARTITION BY g.col_index ORDER BY g.n, g.seg_name COLLATE "C")
    ), secondary AS (
        SELECT c.seg_name, c.col_index
        FROM candidates c JOIN col_stats s ON s.col_index = c.col_index
        WHERE s.n_hidden > 0 AND s.everyone >= p_min_group
          AND (s.n_hidden + c.place - 1 = 1 OR s.hidden_people + c.before < p_min_group)
    ), published AS (
        SELECT 1 AS seg_order, g.seg_name, g.col_index, g.n, g.n_need, g.mean_sum,
               g.primary_hidden OR EXISTS (
                   SELECT 1 FROM secondary x
                   WHERE x.seg_name = g.seg_name AND x.col_index = g.col_index) AS is_hidden
        FROM grid g
        UNION ALL
        SELECT 0, '{ALL_SEGMENT}', c.col_index, COALESCE(t.n, 0), COALESCE(t.n_need, 0),
               t.mean_sum, COALESCE(t.n, 0) > 0 AND COALESCE(t.n, 0) < p_min_group
        FROM cols c LEFT JOIN exact_total t ON t.col_index = c.col_index
    )
    SELECT p.seg_name, c.col_kind, c.col_id, p.col_index, p.is_hidden,
           CASE WHEN p.is_hidden THEN NULL ELSE (2 * p.n + {ROUNDING_BASE}) / {2 * ROUNDING_BASE}
               * {ROUNDING_BASE} END,
           CASE WHEN p.is_hidden THEN NULL ELSE (2 * p.n_need + {ROUNDING_BASE})
               / {2 * ROUNDING_BASE} * {ROUNDING_BASE} END,
           CASE WHEN p.is_hidden OR p.n = 0 THEN NULL
               ELSE round(CAST(CAST(p.mean_sum / p.n AS text) AS numeric), {MEAN_PLACES}) END
    FROM published p JOIN cols c ON c.col_index = p.col_index
    ORDER BY p.seg_order, p.seg_name, p.col_index;
END
"""

#: ``ppf_tna(breakdown, framework, version, min_group)``: the published rows of the
#: training-needs analysis: ``segment``, the column's ``kind``, ``id`` and ``column_no``
#: (values, then training areas, from 0), ``hidden``, ``people``, ``with_need``,
#: ``mean_gap``.
#: ``extra_float_digits`` is fixed so that a mean is rounded from the same digits as
#: Python's ``repr`` whatever the caller set.
TNA_FUNCTION = Function(
    "ppf_tna(p_breakdown text, p_framework text, p_version text, p_min_group integer)",
    "TABLE (segment text, kind text, id text, column_no integer, hidden boolean, "
    "people integer, with_need integer, mean_gap numeric)",
    _TNA_BODY,
    language="plpgsql",
    security_definer=True,
    callers=("ppf_lead", "ppf_admin"),
    settings=("extra_float_digits = 1", "work_mem = '64MB'"),
)

#: The framework versions whose analysis a lead may ask for, with their outlines
#: (framework structure only: no personal data).
TNA_FRAMEWORKS_FUNCTION = Function(
    "ppf_tna_frameworks()",
    "TABLE (framework_id text, version text, title text, outline jsonb)",
    "SELECT o.framework_id, o.version, o.outline->'framework'->>'title', o.outline "
    "FROM ppf_tna_outline o ORDER BY o.framework_id, o.version",
    security_definer=True,
    callers=("ppf_lead", "ppf_admin"),
)

TNA_FUNCTIONS: tuple[Function, ...] = (TNA_FUNCTION, TNA_FRAMEWORKS_FUNCTION)


# -- what persons and appraisers may do, table by table ----------------------------------


@dataclass(frozen=True)
class Rule:
    """The rows of ``table`` that persons and appraisers may read and write.

    ``read`` and ``write`` are SQL conditions on a row; ``keep`` (default ``write``) is
    the condition on the row as it was, for an update or delete. ``commands`` are the
    writes allowed at all. Admins may do everything; leads nothing.
    """

    table: str
    read: str
    write: str | None = None
    keep: str | None = None
    commands: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")

    @property
    def privileges(self) -> tuple[str, ...]:
        return ("SELECT", *(self.commands if self.write else ()))


def _of_visible(
    table: str, column: str, parent: str, key: str = "id", *, where: str = "", alias: str = "parent"
) -> str:
    """A row of ``table`` whose ``parent`` (the row of ``parent`` whose ``key`` is this
    row's ``column``, called ``alias``) this login may read, and meets ``where``.

    The parent's own row rules hold inside, which is what makes this the parent's rule.
    The parent is looked up by its key: one index lookup for each row checked, whatever
    the size of the parent's table. ``OFFSET 0`` keeps it so: without it the planner may
    read every parent the login sees into a hash instead, for each statement, which it
    prefers from its estimates even for the few rows of one assessment (and that read
    grows with the organisation)."""
    also = f" AND {where}" if where else ""
    return (
        f"EXISTS (SELECT 1 FROM {parent} AS {alias} "
        f"WHERE {alias}.{key} = {table}.{column}{also} OFFSET 0)"
    )


def _of_visible_assessment(table: str) -> str:
    return _of_visible(table, "assessment_id", "assessment")


# The login's own person and the people it appraises, written out in the rules rather than
# called (a function is a black box to the planner, and a call costs more than the lookup):
# each a lookup by key, done once per statement.
def _person_of(me: str) -> str:
    """The person of the login ``me`` (an SQL expression of its name)."""
    return f"(SELECT mine.person_id FROM ppf_access AS mine WHERE mine.login = {me})"


def _appraisees_of(me: str) -> str:
    """The people the login ``me`` appraises."""
    return f"(SELECT mine.person_id FROM ppf_access_appraisee AS mine WHERE mine.login = {me})"


_MY_PERSON = _person_of(_ME)
_MY_APPRAISEES = _appraisees_of(_ME)


def _my_people(column: str) -> str:
    """The person ``column`` (qualified by its table) is one of this login's people: its
    own, or one it appraises."""
    return f"({column} = {_MY_PERSON} OR {column} IN {_MY_APPRAISEES})"


def _may_write(assessment: str, me: str = _ME) -> str:
    """The assessment ``assessment`` (a table or alias) is one the login ``me`` (this
    login, unless told) may write: its own person's, or an appraisee's appraiser or agreed
    assessment until it is signed."""
    return (
        f"({assessment}.person_id = {_person_of(me)} OR ({assessment}.kind <> 'self' "
        f"AND {assessment}.person_id IN {_appraisees_of(me)} "
        f"AND NOT ppf_frozen({assessment}.id)))"
    )


def _of_writable_assessment(table: str, column: str = "assessment_id") -> str:
    """A record (of ``table``, its assessment in ``column``) of an assessment this login
    sees and may write."""
    return _of_visible(table, column, "assessment", where=_may_write("writable"), alias="writable")


#: A learning pair belongs to both its people: each reads it, and so do the appraisers of
#: either; its members record its progress (making and removing pairs is an admin's).
_MY_PAIRS = (
    f"({_my_people('learning_pair.left_person_id')} "
    f"OR {_my_people('learning_pair.right_person_id')})"
)
_A_MEMBER = f"{_MY_PERSON} IN (learning_pair.left_person_id, learning_pair.right_person_id)"


def _of_visible_pair(table: str) -> str:
    return _of_visible(table, "pair_id", "learning_pair")


def _of_my_pair(table: str) -> str:
    return _of_visible(
        table,
        "pair_id",
        "learning_pair",
        where=f"{_MY_PERSON} IN (parent.left_person_id, parent.right_person_id)",
    )


#: The people of the learning pairs this login sees (its own and its appraisees'): their
#: profiles name the partner on a pair's record; their records stay theirs. The pairs are
#: read once per statement (the people list reads every person).
_A_PARTNER = (
    "person.id IN (SELECT pair.left_person_id FROM learning_pair AS pair) "
    "OR person.id IN (SELECT pair.right_person_id FROM learning_pair AS pair)"
)

_WRITTEN_RULES: tuple[Rule, ...] = (
    Rule(
        "person",
        f"{_my_people('person.id')} OR {_A_PARTNER}",
        f"id = {_MY_PERSON}",
        commands=("UPDATE",),
    ),
    Rule("assessment", _my_people("assessment.person_id"), _may_write("assessment")),
    Rule("rating", _of_visible_assessment("rating"), _of_writable_assessment("rating")),
    Rule(
        "prompt_answer",
        _of_visible_assessment("prompt_answer"),
        _of_writable_assessment("prompt_answer"),
    ),
    Rule("plan", _of_visible_assessment("plan"), _of_writable_assessment("plan")),
    Rule(
        "objective",
        _of_visible("objective", "plan_id", "plan"),
        _of_visible("objective", "plan_id", "plan", where=_of_writable_assessment("parent")),
    ),
    Rule(
        "appraisal",
        _my_people("appraisal.person_id"),
        f"(person_id = {_MY_PERSON} OR person_id IN {_MY_APPRAISEES}) "
        "AND ppf_assessments_of(person_id, ARRAY[self_assessment_id, "
        "appraiser_assessment_id, agreed_assessment_id])",
        keep=f"person_id = {_MY_PERSON} OR (person_id IN {_MY_APPRAISEES} AND signed_at IS NULL)",
    ),
    Rule(
        "appraisal_signature",
        _of_visible("appraisal_signature", "appraisal_id", "appraisal"),
        _of_visible("appraisal_signature", "appraisal_id", "appraisal"),
        commands=("INSERT",),
    ),
    Rule(
        "appraisal_countersignature",
        _of_visible("appraisal_countersignature", "appraisal_id", "appraisal"),
        _of_visible("appraisal_countersignature", "appraisal_id", "appraisal"),
        commands=("INSERT",),
    ),
    Rule(
        "known_key",
        _of_visible("known_key", "person_uid", "person", "uid"),
        _of_visible("known_key", "person_uid", "person", "uid"),
        commands=("INSERT",),
    ),
    Rule("learning_pair", _MY_PAIRS, _A_MEMBER, commands=("UPDATE",)),
    Rule("pair_meeting", _of_visible_pair("pair_meeting"), _of_my_pair("pair_meeting")),
    Rule("pair_shadowing", _of_visible_pair("pair_shadowing"), _of_my_pair("pair_shadowing")),
    Rule("framework_snapshot", "true", "true", commands=("INSERT",)),
    Rule("framework_file", "true"),
    Rule("ppf_access", f"login = {_ME}"),
    Rule("ppf_access_appraisee", f"login = {_ME}"),
)


def _derived_rule(table: Table) -> Rule:
    """The rule of a table of the models that :data:`_WRITTEN_RULES` does not name: a
    record of an assessment (an ``assessment_id``) goes with its assessment, a record of
    a person (a ``person_id``) with its person; anything else is the admins' only. So a
    new table is never open to everyone for want of a rule."""
    if "assessment_id" in table.columns:
        return Rule(
            table.name, _of_visible_assessment(table.name), _of_writable_assessment(table.name)
        )
    if "person_id" in table.columns:
        return Rule(table.name, _my_people(f"{table.name}.person_id"), f"person_id = {_MY_PERSON}")
    return Rule(table.name, "false")


_WRITTEN = {rule.table for rule in _WRITTEN_RULES}
#: Every table's rule: the written ones, then those derived for the other model tables.
RULES: tuple[Rule, ...] = _WRITTEN_RULES + tuple(
    _derived_rule(table) for table in SQLModel.metadata.sorted_tables if table.name not in _WRITTEN
)
#: Every table with row-level security (every table of the models among them).
SECURED_TABLES: tuple[str, ...] = tuple(rule.table for rule in RULES)
#: Tables of the models holding personal data (all but the framework snapshots).
PERSONAL_TABLES: tuple[str, ...] = tuple(
    table.name for table in SQLModel.metadata.sorted_tables if table.name not in FRAMEWORK_TABLES
)
#: Tables with an ``id`` sequence that inserting needs.
SERIAL_TABLES: tuple[str, ...] = (
    *(table.name for table in SQLModel.metadata.sorted_tables if "id" in table.columns),
    "framework_file",
)

#: Plain tables persons and appraisers may read (no personal data).
PLAIN_READERS: dict[str, tuple[str, ...]] = {
    "alembic_version": ("ppf_person", "ppf_appraiser", "ppf_admin"),
    "ppf_server": ("ppf_admin",),
    "ppf_tna_outline": ("ppf_admin",),
}

#: The roles the person-level rules are for.
RULED_ROLES: tuple[str, ...] = ("ppf_person", "ppf_appraiser")


# -- the autosave of one rating: one statement ---------------------------------------------

#: Who may write an assessment, as the row rules of ``assessment`` and of its records
#: decide it for the login ``p_login``: an admin anything; a person or an appraiser what
#: :func:`_may_write` allows (leads nothing). The login is compared in the database's
#: default collation: a parameter takes the collation of the value passed (``C``, for a
#: login name), and in that one the lookup of ``ppf_access`` by login cannot use its key
#: and reads the whole table.
_MAY_WRITE_AS_LOGIN = (
    "(pg_has_role(p_login, 'ppf_admin', 'USAGE') OR ("
    "(pg_has_role(p_login, 'ppf_person', 'USAGE') "
    "OR pg_has_role(p_login, 'ppf_appraiser', 'USAGE')) "
    f"""AND {_may_write("assessment", me='p_login COLLATE "default"')}))"""
)

#: ``ppf_set_rating``: what :func:`ppf_app.storage.repositories.ratings.write_on_server`
#: runs, so that a rating change reaches the server in one statement, not four.
#:
#: It runs as the tables' owner (``SECURITY DEFINER``) and decides first, once, what the
#: row rules would decide statement by statement for the caller: the assessment must be
#: one the login may write (:data:`_MAY_WRITE_AS_LOGIN`, the same condition the rules of
#: ``assessment`` and ``rating`` are written from), and of the framework version and
#: group the caller checked the change against. The login is the session's own:
#: ``p_login`` is the caller's ``current_user``, and a caller that took another role
#: (``SET ROLE``) or named another login gets nothing back, as for an assessment it may
#: not write; the app then goes the general way, under the row rules. Only persons,
#: appraisers and admins may call it. The sign-off triggers hold as for any write.
#:
#: Then it does what the general way's statements do, in the same order: stamp the
#: assessment's ``updated_at``; remove the rating (``p_remove``) or write it (a rating
#: left with no answer and no evidence at all is removed); count the answered ratings.
#: ``stored``: a rating is kept (its ``level``, ``not_applicable``, ``evidence`` and
#: ``rated_at`` are returned). No row: nothing was written.
RATING_FUNCTION = Function(
    "ppf_set_rating(p_login text, p_assessment integer, p_behaviour text, p_level integer, "
    "p_not_applicable boolean, p_evidence text, p_keep_level boolean, "
    "p_keep_evidence boolean, p_remove boolean, p_now timestamp, p_framework text, "
    "p_version text, p_group text)",
    "TABLE (id integer, uid text, person_id integer, framework_id text, "
    "framework_version text, kind text, assessed_on date, status text, "
    "created_at timestamp, updated_at timestamp, completed_at timestamp, group_id text, "
    "stored boolean, level integer, not_applicable boolean, evidence text, "
    "rated_at timestamp, answered integer)",
    f"""
#variable_conflict use_column
DECLARE
    touched assessment%ROWTYPE;
    kept_level integer;
    kept_not_applicable boolean;
    kept_evidence text;
    kept_at timestamp;
    kept boolean := false;
BEGIN
    IF p_login IS DISTINCT FROM CAST(session_user AS text) THEN
        RETURN;
    END IF;
    UPDATE assessment SET updated_at = p_now
        WHERE assessment.id = p_assessment
        AND assessment.framework_id IS NOT DISTINCT FROM p_framework
        AND assessment.framework_version IS NOT DISTINCT FROM p_version
        AND assessment.group_id IS NOT DISTINCT FROM p_group
        AND {_MAY_WRITE_AS_LOGIN}
        RETURNING assessment.* INTO touched;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF p_remove THEN
        DELETE FROM rating
            WHERE rating.assessment_id = p_assessment AND rating.behaviour_id = p_behaviour;
    ELSE
        -- An update first: the common case is a rating changed again.
        UPDATE rating AS r SET
                level = CASE WHEN p_keep_level THEN r.level ELSE p_level END,
                not_applicable = CASE WHEN p_keep_level THEN r.not_applicable
                                 ELSE p_not_applicable END,
                evidence = CASE WHEN p_keep_evidence THEN r.evidence ELSE p_evidence END,
                updated_at = p_now
            WHERE r.assessment_id = p_assessment AND r.behaviour_id = p_behaviour
            RETURNING r.level, r.not_applicable, r.evidence, r.updated_at
            INTO kept_level, kept_not_applicable, kept_evidence, kept_at;
        IF NOT FOUND THEN
            INSERT INTO rating AS r (assessment_id, behaviour_id, level, not_applicable,
                                     evidence, updated_at)
                VALUES (p_assessment, p_behaviour, p_level, p_not_applicable, p_evidence, p_now)
                ON CONFLICT (assessment_id, behaviour_id) DO UPDATE SET
                    level = CASE WHEN p_keep_level THEN r.level ELSE excluded.level END,
                    not_applicable = CASE WHEN p_keep_level THEN r.not_applicable
                                     ELSE excluded.not_applicable END,
                    evidence = CASE WHEN p_keep_evidence THEN r.evidence
                               ELSE excluded.evidence END,
                    updated_at = excluded.updated_at
                RETURNING r.level, r.not_applicable, r.evidence, r.updated_at
                INTO kept_level, kept_not_applicable, kept_evidence, kept_at;
        END IF;
        IF kept_level IS NULL AND NOT kept_not_applicable AND kept_evidence = '' THEN
            DELETE FROM rating
                WHERE rating.assessment_id = p_assessment AND rating.behaviour_id = p_behaviour;
        ELSE
            kept := true;
        END IF;
    END IF;
    RETURN QUERY SELECT touched.id, touched.uid::text, touched.person_id,
        touched.framework_id::text, touched.framework_version::text, touched.kind::text,
        touched.assessed_on, touched.status::text, touched.created_at, touched.updated_at,
        touched.completed_at, touched.group_id::text, kept,
        CASE WHEN kept THEN kept_level END, CASE WHEN kept THEN kept_not_applicable END,
        CASE WHEN kept THEN kept_evidence END, CASE WHEN kept THEN kept_at END,
        (SELECT count(*)::integer FROM rating
            WHERE rating.assessment_id = p_assessment
            AND (rating.level IS NOT NULL OR rating.not_applicable));
END
""",
    language="plpgsql",
    volatility="VOLATILE",
    security_definer=True,
    callers=("ppf_person", "ppf_appraiser", "ppf_admin"),
)


@dataclass(frozen=True)
class Policy:
    table: str
    name: str
    command: str
    roles: tuple[str, ...]
    using: str | None
    check: str | None

    def sql(self) -> str:
        parts = [
            f"CREATE POLICY {self.name} ON {self.table} AS PERMISSIVE FOR {self.command}",
            "TO " + ", ".join(self.roles),
        ]
        if self.using is not None:
            parts.append(f"USING ({self.using})")
        if self.check is not None:
            parts.append(f"WITH CHECK ({self.check})")
        return " ".join(parts)


def policies() -> list[Policy]:
    """Every row-level security policy, from :data:`RULES`."""
    made: list[Policy] = []
    for rule in RULES:
        table = rule.table
        made.append(Policy(table, f"ppf_{table}_admin", "ALL", ("ppf_admin",), "true", "true"))
        made.append(Policy(table, f"ppf_{table}_read", "SELECT", RULED_ROLES, rule.read, None))
        if rule.write is None:
            continue
        keep = rule.keep or rule.write
        for command in rule.commands:
            using = keep if command in ("UPDATE", "DELETE") else None
            check = rule.write if command in ("INSERT", "UPDATE") else None
            name = f"ppf_{table}_{command.lower()}"
            made.append(Policy(table, name, command, RULED_ROLES, using, check))
    return made


def _execute(connection: Connection, statement: str) -> None:
    """Run one statement (as ``text``: a ``%`` in a function body stays as it is)."""
    connection.execute(text(statement))


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def statements(schema: str) -> list[str]:
    """Every statement that (re)writes the rules, in order (idempotent as a whole)."""
    out: list[str] = []
    secured = ", ".join(SECURED_TABLES)
    plain = ", ".join(PLAIN_TABLES)
    roles = ", ".join(GROUP_ROLES.values())
    out.append(f"REVOKE ALL ON {secured}, {plain} FROM PUBLIC, {roles}")
    out.extend(f"DROP FUNCTION IF EXISTS {retired}" for retired in RETIRED_FUNCTIONS)
    for function in (*FUNCTIONS, GRANT_FUNCTION, *TNA_FUNCTIONS, RATING_FUNCTION):
        out.append(function.sql(schema))
        name = function.signature.split("(", 1)[0]
        arguments = _argument_types(function.signature)
        out.append(f"REVOKE ALL ON FUNCTION {name}({arguments}) FROM PUBLIC")
        out.append(
            f"GRANT EXECUTE ON FUNCTION {name}({arguments}) TO {', '.join(function.callers)}"
        )
    for table in SECURED_TABLES:
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    # Everything but TRUNCATE, which would skip the rules and the sign-off triggers.
    out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {secured}, {plain} TO ppf_admin")
    for rule in RULES:
        out.append(
            f"GRANT {', '.join(rule.privileges)} ON {rule.table} TO {', '.join(RULED_ROLES)}"
        )
    for table, readers in PLAIN_READERS.items():
        out.append(f"GRANT SELECT ON {table} TO {', '.join(readers)}")
    out.extend(policy.sql() for policy in policies())
    return out


def _argument_types(signature: str) -> str:
    """``ppf_grant(target text, n integer)`` -> ``text, integer``."""
    inside = signature.split("(", 1)[1].rstrip(")")
    if not inside.strip():
        return ""
    return ", ".join(part.split()[-1] for part in inside.split(","))


def fingerprint(schema: str) -> str:
    """A digest of the rules as :func:`statements` writes them."""
    digest = hashlib.sha256()
    for statement in (*_ACCESS_TABLES_DDL, *statements(schema)):
        digest.update(statement.encode("utf-8") + b"\0")
    return f"{ACCESS_VERSION}:{digest.hexdigest()}"


# -- applying ----------------------------------------------------------------------------


class AccessNewer(Exception):
    """The rules in the database were written by a later version of the product."""

    def __init__(self, stored: int) -> None:
        self.stored = stored
        super().__init__(f"access rules version {stored}")


def ensure_roles(connection: Connection) -> list[str]:
    """Create the missing group roles; the names of those created."""
    existing = {
        str(row[0])
        for row in connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(GROUP_ROLES.values())},
        )
    }
    created = []
    for role in GROUP_ROLES.values():
        if role not in existing:
            _execute(connection, f"CREATE ROLE {role} NOLOGIN")
            created.append(role)
    return created


def ensure_admin(connection: Connection) -> bool:
    """Make the login running this (the tables' owner) an admin; whether it changed."""
    inherits = connection.execute(text("SELECT pg_has_role('ppf_admin', 'USAGE')")).scalar()
    is_super = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if inherits and not is_super:
        direct = connection.execute(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member "
                "WHERE g.rolname = 'ppf_admin' AND u.rolname = current_user"
            )
        ).first()
        if direct is not None:
            return False
    if is_super:
        return False  # a superuser sees everything anyway
    version = int(connection.execute(text("SHOW server_version_num")).scalar() or 0)
    option = " WITH INHERIT TRUE" if version >= 160000 else ""
    _execute(connection, f"GRANT ppf_admin TO CURRENT_USER{option}")
    return True


def stored_fingerprint(connection: Connection) -> str | None:
    exists = connection.execute(text("SELECT to_regclass('ppf_server')")).scalar()
    if exists is None:
        return None
    value = connection.execute(text("SELECT value FROM ppf_server WHERE key = 'access'")).scalar()
    return None if value is None else str(value)


def apply(connection: Connection) -> bool:
    """Write the rules into the database unless they are there already; whether it wrote.

    Needs the schema at the newest revision and the group roles (:func:`ensure_roles`).

    Raises:
        AccessNewer: a later version of the product wrote the rules; nothing was changed.
    """
    schema = str(connection.execute(text("SELECT current_schema()")).scalar())
    wanted = fingerprint(schema)
    stored = stored_fingerprint(connection)
    if stored == wanted:
        record_outlines(connection)
        return False
    if stored is not None:
        stored_version = int(stored.split(":", 1)[0] or 0)
        if stored_version > ACCESS_VERSION:
            raise AccessNewer(stored_version)
    for statement in _ACCESS_TABLES_DDL:
        _execute(connection, statement)
    _ensure_nocase(connection)
    SERVER_METADATA.create_all(connection, checkfirst=True)
    _drop_policies(connection, SECURED_TABLES)
    for statement in statements(schema):
        _execute(connection, statement)
    for table in SERIAL_TABLES:
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table}
        ).scalar()
        if sequence:
            _execute(
                connection,
                f"GRANT USAGE ON SEQUENCE {sequence} TO ppf_person, ppf_appraiser, ppf_admin",
            )
    connection.execute(
        text(
            "INSERT INTO ppf_server (key, value) VALUES ('access', :value) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        ),
        {"value": wanted},
    )
    record_outlines(connection)
    return True


def record_outline(connection: Connection, outline: TnaOutline) -> bool:
    """Keep what the training-needs analysis counts of one framework version (an admin's
    right); whether it was new or different."""
    changed = connection.execute(
        text(
            "INSERT INTO ppf_tna_outline (framework_id, version, outline) "
            "VALUES (:framework_id, :version, CAST(:outline AS jsonb)) "
            "ON CONFLICT (framework_id, version) DO UPDATE SET outline = EXCLUDED.outline, "
            "recorded_at = EXCLUDED.recorded_at "
            "WHERE ppf_tna_outline.outline <> EXCLUDED.outline RETURNING 1"
        ),
        {
            "framework_id": outline.framework_id,
            "version": outline.version,
            "outline": outline.as_json(),
        },
    ).first()
    return changed is not None


def record_outlines(connection: Connection) -> int:
    """Record the outline of every framework version the database knows: the bundled
    ones, those added on the server and those assessments were made with (their
    snapshots, which win: they are the texts the assessments used). How many changed.

    A text that cannot be read is left out (logged): its analysis is refused until an
    admin's ``ppf tna`` records it.
    """
    texts: dict[tuple[str, str], tuple[str, bytes]] = {}
    for path in sorted(bundled_frameworks_dir().glob("*.toml")):
        texts[("bundled", path.name)] = (str(path), path.read_bytes())
    for row_id, content in framework_files(connection):
        texts[("server", str(row_id))] = (f"server:{row_id}", content)
    for row in connection.execute(text("SELECT id, content FROM framework_snapshot ORDER BY id")):
        texts[("snapshot", str(row[0]))] = (f"snapshot:{row[0]}", str(row[1]).encode("utf-8"))
    outlines: dict[tuple[str, str], TnaOutline] = {}
    for source, data in texts.values():
        try:
            outline = TnaOutline.from_framework(parse_framework(data, source))
        except UserError as exc:
            log.warning("No training-needs outline of %s: %s", source, exc)
            continue
        outlines[outline.key] = outline  # snapshots come last and win
    return sum(record_outline(connection, outline) for outline in outlines.values())


def _ensure_nocase(connection: Connection) -> None:
    """The ``NOCASE`` collation SQLite has and the people list sorts by: on PostgreSQL a
    case-insensitive ICU collation (the database's default where ICU is missing)."""
    present = connection.execute(
        text(
            "SELECT 1 FROM pg_collation WHERE collname = 'NOCASE' "
            "AND collnamespace = CAST(current_schema() AS regnamespace)"
        )
    ).first()
    if present is not None:
        return
    icu = connection.execute(text("SELECT 1 FROM pg_collation WHERE collprovider = 'i'")).first()
    if icu is not None:
        _execute(
            connection,
            "CREATE COLLATION \"NOCASE\" (provider = icu, locale = 'und-u-ks-level2', "
            "deterministic = false)",
        )
    else:
        _execute(connection, 'CREATE COLLATION "NOCASE" FROM "default"')


def _drop_policies(connection: Connection, tables: Iterable[str]) -> None:
    rows = connection.execute(
        text(
            "SELECT tablename, policyname FROM pg_policies "
            "WHERE schemaname = current_schema() AND tablename = ANY(:tables)"
        ),
        {"tables": list(tables)},
    ).all()
    for table, name in rows:
        _execute(connection, f"DROP POLICY {_ident(str(name))} ON {_ident(str(table))}")


def record_owner(connection: Connection) -> bool:
    """Note the login running this as an admin in ``ppf_access``; whether it was new."""
    inserted = connection.execute(
        text(
            "INSERT INTO ppf_access (login, role) VALUES (current_user, 'admin') "
            "ON CONFLICT (login) DO NOTHING RETURNING login"
        )
    ).first()
    return inserted is not None


def grant(
    connection: Connection,
    *,
    login: str,
    role: str,
    person: int | None,
    appraisees: Sequence[int],
) -> None:
    """Give ``login`` its product role (through ``ppf_grant``, as the tables' owner)."""
    connection.execute(
        text("SELECT ppf_grant(:login, :role, :person, CAST(:appraisees AS integer[]))"),
        {"login": login, "role": role, "person": person, "appraisees": list(appraisees)},
    )

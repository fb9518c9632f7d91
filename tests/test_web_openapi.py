"""The OpenAPI document says what the hub answers: models of the JSON twins, media types,
statuses, constraints. (The full check against a served hub is tests/test_web_contract.py.)"""

from __future__ import annotations

import pytest

from parley.web import schemas
from web_support import hub, world_db  # noqa: F401

#: A page of the world database, its operation, its response model.
TWINS = [
    ("/index.json", "/", schemas.LatestPage),
    ("/articles/1.json", "/articles/{article_id}", schemas.ArticlePage),
    ("/actors.json", "/actors", schemas.ActorsPage),
    ("/actors/{actor}.json", "/actors/{actor_id}", schemas.ActorPage),
    ("/issues.json", "/issues", schemas.IssuesPage),
    ("/issues/ceasefire.json", "/issues/{slug}", schemas.IssuePage),
    ("/timeline.json?actor={actor}", "/timeline", schemas.TimelinePage),
    ("/search.json?q=ceasefire", "/search", schemas.SearchPage),
    ("/search.json?q=speaker:Malvic&in=quotes", "/search", schemas.SearchPage),
    ("/export.json", "/export", schemas.ExportsPage),
    ("/subscribe.json", "/subscribe", schemas.SubscribePage),
    ("/subscribe/sent.json", "/subscribe/sent", schemas.SentPage),
    ("/digest/preview.json?kind=issue&target=ceasefire", "/digest/preview",
     schemas.DigestPreviewPage),
]


@pytest.fixture(scope="module")
def spec(hub):  # noqa: F811
    return hub.get("/openapi.json").json()


def _actor(hub) -> int:  # noqa: F811
    return hub.get("/actors.json?q=Teodora").json()["actors"][0]["id"]


@pytest.mark.parametrize("path, route, model", TWINS)
def test_every_json_twin_is_what_its_model_says(hub, spec, path, route, model):  # noqa: F811
    answer = hub.get(path.format(actor=_actor(hub)))
    assert answer.status_code == 200
    model.model_validate(answer.json())
    # ...and the operation documents that model for application/json, next to the page.
    content = spec["paths"][route]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"]["$ref"].endswith("/" + model.__name__)
    assert "text/html" in content


def test_list_pages_document_their_atom_twin(spec):
    with_feeds = {p for p, item in spec["paths"].items()
                  if "application/atom+xml" in item.get("get", {}).get("responses", {})
                  .get("200", {}).get("content", {})}
    assert with_feeds == {"/", "/actors/{actor_id}", "/issues/{slug}", "/timeline", "/search"}


def test_every_operation_documents_its_errors_not_fastapis_422(spec):
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert "422" not in codes or path.startswith("/api/") and method == "post", (path, codes)
            if op.get("parameters") or op.get("requestBody"):
                assert "400" in codes, (method, path)
            for code in codes - {"200", "201", "202", "303", "304"}:
                body = op["responses"][code]["content"]["application/json"]["schema"]
                assert "$ref" in body or "anyOf" in body, (method, path, code)
    write = spec["paths"]["/api/ingest"]["post"]
    assert {"400", "401", "422", "503"} <= set(write["responses"])
    assert write["security"] == [{"HTTPBearer": []}]


def test_parameters_carry_the_constraints_the_server_checks(spec):
    def param(path, name, method="get"):
        found = [p for p in spec["paths"][path][method]["parameters"] if p["name"] == name]
        return found[0]["schema"]

    assert param("/export/{kind}.{fmt}", "from")["anyOf"][0]["pattern"].startswith("^([0-9]{4}")
    assert param("/actors/{actor_id}", "actor_id")["minimum"] == 1
    assert param("/", "limit")["maximum"] == 100
    assert "(confirm|unsubscribe|preferences)" in param("/subscribe/confirm", "token")["pattern"]
    subscribe = spec["components"]["schemas"]["SubscribeIn"]["properties"]
    assert subscribe["email"]["format"] == "email"
    assert subscribe["kind"]["enum"] == ["all", "actor", "issue", "search"]


def test_a_path_with_a_get_and_a_post_allows_both(hub):  # noqa: F811
    answer = hub.request("OPTIONS", "/subscribe")
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, POST"
    assert hub.request("DELETE", "/actors/1").headers["allow"] == "GET"


@pytest.mark.parametrize(("path", "message"), [
    ("/export/quotes.csv?from=soon", "from: expects a date as YYYY-MM-DD"),
    ("/?before=yesterday", "before: not a page cursor"),
    ("/subscribe/confirm?token=confirm.1", "token: this link is incomplete or damaged"),
])
def test_a_value_that_misses_its_pattern_gets_words_not_a_regex(hub, path, message):  # noqa: F811
    answer = hub.get(path, headers={"accept": "application/json"})
    assert answer.status_code == 400 and answer.json()["error"].startswith(message)

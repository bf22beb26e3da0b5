//! The OpenAPI 3.1 document of the ingestion API, served at `/api/v1/openapi.json`.
use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn rejected() -> Value {
    json!({
        "type": "array",
        "description": "Items refused, each by its place in the request (from 0) with every reason. The others were written.",
        "items": {
            "type": "object",
            "properties": {
                "index": { "type": "integer" },
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": { "type": "string" },
                            "message": { "type": "string", "description": "In the language of Accept-Language (English or Chinese)." }
                        }
                    }
                }
            }
        }
    })
}

pub fn document() -> Value {
    let number = json!({
        "oneOf": [ { "type": "number" }, { "type": "string" } ],
        "description": "A number, or text as exports write it: \"1,234.50\", \"1.2万\"."
    });
    let project = json!({
        "name": "project", "in": "path", "required": true,
        "schema": { "type": "integer" }, "description": "The project's id (in its address in Marquee)."
    });
    let common_errors = |ok: Value| {
        json!({
            "200": ok,
            "400": error_response("The body is not JSON of this shape."),
            "401": error_response("No token, an unknown or revoked one, or its maker can no longer sign in."),
            "403": error_response("The token lacks the scope, or its maker may no longer record this project's figures."),
            "404": error_response("No such project for this token."),
            "413": error_response("More than 5,000 items in one request."),
            "422": error_response("Nothing to write, or the project is archived.")
        })
    };
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Marquee ingestion API",
            "version": "1",
            "description": "Send a project's daily channel metrics and CRM conversions. Authenticate with a project API token (Channel data → Connect data) as `Authorization: Bearer mq_…`; a token acts for the person who made it, in its project only, for its scopes. Sending the same item again updates it: metrics are keyed by date, channel, campaign, ad, region and audience; conversions by kind and id."
        },
        "servers": [ { "url": "/" } ],
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": { "type": "string", "enum": ["unauthenticated", "forbidden", "not_found", "invalid", "bad_json", "too_many", "rate_limited", "internal"] },
                        "message": { "type": "string" },
                        "fields": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } }
                    },
                    "required": ["error", "message"]
                },
                "MetricRow": {
                    "type": "object",
                    "required": ["date", "channel"],
                    "properties": {
                        "date": { "type": "string", "examples": ["2026-11-03"], "description": "2026-11-03, 2026/11/3, 20261103 or 2026年11月3日." },
                        "channel": { "type": "string", "examples": ["douyin", "抖音"], "description": "douyin, kuaishou, wechat, weibo, xiaohongshu, bilibili, baidu, tmall, jd, offline, other — or their Chinese names." },
                        "campaign": { "type": "string" },
                        "ad": { "type": "string" },
                        "region": { "type": "string" },
                        "audience": { "type": "string" },
                        "spend": number.clone(),
                        "impressions": number.clone(),
                        "clicks": number.clone(),
                        "conversions": number.clone(),
                        "revenue": number.clone()
                    }
                },
                "Conversion": {
                    "type": "object",
                    "required": ["kind", "id", "occurred_at"],
                    "properties": {
                        "kind": { "type": "string", "enum": ["lead", "customer", "order"] },
                        "id": { "type": "string", "description": "The CRM's id: with the kind, the conversion's key." },
                        "occurred_at": { "type": "string", "examples": ["2026-11-03T10:15:00+08:00", "2026-11-03"], "description": "RFC 3339 with its offset (its day is the day where it happened), or a date." },
                        "value": number.clone(),
                        "channel": { "type": "string", "description": "The channel that brought it; else read from utm_source." },
                        "campaign": { "type": "string" },
                        "utm_source": { "type": "string" },
                        "utm_medium": { "type": "string" },
                        "utm_campaign": { "type": "string" },
                        "utm_content": { "type": "string" },
                        "utm_term": { "type": "string" },
                        "visitor_id": { "type": "string", "description": "The tracking snippet's visitor id (localStorage `marquee_visitor`), to credit the visits before the conversion." }
                    }
                }
            }
        },
        "security": [ { "token": [] } ],
        "paths": {
            "/api/v1/projects/{project}/metrics": {
                "post": {
                    "summary": "Daily channel metrics",
                    "description": "Needs the `metrics` scope. Rows are read as rows of an imported file are; the import shows in the project's recent imports, and the project's KPIs of impressions, clicks, conversions and revenue take the figures.",
                    "parameters": [ project.clone() ],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": {
                            "type": "object", "required": ["rows"],
                            "properties": { "rows": { "type": "array", "maxItems": 5000, "items": { "$ref": "#/components/schemas/MetricRow" } } }
                        } } }
                    },
                    "responses": common_errors(json!({
                        "description": "Written.",
                        "content": { "application/json": { "schema": {
                            "type": "object",
                            "properties": {
                                "import_id": { "type": "integer" },
                                "rows_read": { "type": "integer" },
                                "rows_added": { "type": "integer" },
                                "rows_updated": { "type": "integer" },
                                "rows_rejected": { "type": "integer" },
                                "first_day": { "type": ["string", "null"] },
                                "last_day": { "type": ["string", "null"] },
                                "rejected": rejected()
                            }
                        } } }
                    }))
                }
            },
            "/api/v1/projects/{project}/conversions": {
                "post": {
                    "summary": "CRM conversions: leads, customers, orders",
                    "description": "Needs the `conversions` scope.",
                    "parameters": [ project ],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": {
                            "type": "object", "required": ["conversions"],
                            "properties": { "conversions": { "type": "array", "maxItems": 5000, "items": { "$ref": "#/components/schemas/Conversion" } } }
                        } } }
                    },
                    "responses": common_errors(json!({
                        "description": "Written.",
                        "content": { "application/json": { "schema": {
                            "type": "object",
                            "properties": {
                                "added": { "type": "integer" },
                                "updated": { "type": "integer" },
                                "rejected": rejected()
                            }
                        } } }
                    }))
                }
            },
            "/api/v1/collect": {
                "post": {
                    "summary": "Website events (sent by the tracking snippet)",
                    "description": "No token: the site key in the snippet names the project. Up to 20 events per request and 120 per minute per address and per visitor; robots are answered but not kept.",
                    "security": [],
                    "requestBody": {
                        "required": true,
                        "content": { "text/plain": { "schema": {
                            "type": "object", "required": ["site", "visitor", "events"],
                            "properties": {
                                "site": { "type": "string" },
                                "visitor": { "type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$" },
                                "host": { "type": "string" },
                                "events": { "type": "array", "maxItems": 20, "items": {
                                    "type": "object", "required": ["kind"],
                                    "properties": {
                                        "kind": { "type": "string", "enum": ["view", "click", "stay", "cart", "order"] },
                                        "path": { "type": "string" },
                                        "referrer": { "type": "string" },
                                        "utm": { "type": "object", "properties": {
                                            "source": { "type": "string" }, "medium": { "type": "string" },
                                            "campaign": { "type": "string" }, "content": { "type": "string" }, "term": { "type": "string" }
                                        } },
                                        "dwell_ms": { "type": "integer" },
                                        "value": number
                                    }
                                } }
                            }
                        } } }
                    },
                    "responses": {
                        "204": { "description": "Taken." },
                        "400": { "description": "Not a beacon of this shape." },
                        "404": { "description": "No site with this key." },
                        "429": { "description": "Over the rate limit: nothing kept." }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_path_has_a_summary_and_responses() {
        let doc = super::document();
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 3);
        for (path, item) in paths {
            let post = &item["post"];
            assert!(post["summary"].is_string(), "{path}");
            assert!(post["responses"].as_object().unwrap().len() >= 3, "{path}");
        }
    }
}

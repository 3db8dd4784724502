// The OpenAPI 3.1 description of the HTTP API, served verbatim at GET /openapi.json.
// It must stay true to the controllers and DTOs: the contract run (scripts/test) checks every
// response of the running server against it.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Switchboard",
    "version": "0.1.0",
    "summary": "An omnichannel inbox: one queue for web forms, email, messengers and API integrations.",
    "description": "JSON uses snake_case; times are RFC 3339 in UTC; ids are integers. Every `/api/v1` route but login needs `Authorization: Bearer <token>`. Errors are `application/problem+json` (RFC 9457). Every response carries `X-Request-Id`."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "security": [
    {
      "bearer": []
    }
  ],
  "tags": [
    {
      "name": "Operations"
    },
    {
      "name": "Forms"
    },
    {
      "name": "Webhooks"
    },
    {
      "name": "Auth"
    },
    {
      "name": "Account"
    },
    {
      "name": "Agents"
    },
    {
      "name": "Teams"
    },
    {
      "name": "Inboxes"
    },
    {
      "name": "Conversations"
    },
    {
      "name": "Contacts"
    },
    {
      "name": "Templates"
    },
    {
      "name": "Rules"
    },
    {
      "name": "Categories"
    },
    {
      "name": "Surveys",
      "description": "Public pages behind the rating links of satisfaction surveys."
    }
  ],
  "paths": {
    "/health": {
      "get": {
        "operationId": "getHealth",
        "summary": "Liveness and database reachability",
        "tags": [
          "Operations"
        ],
        "security": [],
        "responses": {
          "200": {
            "description": "The server and its database are up.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "The database is unreachable (`database` is `unavailable`).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "summary": "Prometheus metrics",
        "tags": [
          "Operations"
        ],
        "security": [],
        "responses": {
          "200": {
            "description": "Metrics in the Prometheus text exposition format.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getOpenAPIDocument",
        "summary": "This OpenAPI document",
        "tags": [
          "Operations"
        ],
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 description of the API.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/forms/{uid}": {
      "get": {
        "operationId": "getForm",
        "summary": "The public web form page",
        "tags": [
          "Forms"
        ],
        "security": [],
        "parameters": [
          {
            "name": "uid",
            "in": "path",
            "required": true,
            "description": "The webform inbox's `uid`.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "sent",
            "in": "query",
            "required": false,
            "description": "When present, the thank-you page is served instead of the form.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "An embeddable HTML form (or, with `sent`, the thank-you page).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "submitForm",
        "summary": "Submit the web form",
        "tags": [
          "Forms"
        ],
        "description": "A web form post from a browser or a script. Browsers (Accept containing text/html) get HTML pages back; everyone else gets JSON and problem+json.",
        "security": [],
        "parameters": [
          {
            "name": "uid",
            "in": "path",
            "required": true,
            "description": "The webform inbox's `uid`.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "description": "Makes a retried post the same submission: 1 to 200 visible ASCII characters.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200,
              "pattern": "^[!-~]+$"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/x-www-form-urlencoded": {
              "schema": {
                "$ref": "#/components/schemas/FormSubmissionFields"
              }
            },
            "multipart/form-data": {
              "schema": {
                "$ref": "#/components/schemas/FormSubmissionMultipart"
              },
              "encoding": {
                "files": {
                  "contentType": "application/octet-stream"
                }
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/FormSubmissionJSON"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Stored as a new message. Clients whose Accept contains text/html get the thank-you page (200) instead.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestResult"
                }
              }
            }
          },
          "200": {
            "description": "Already stored (same Idempotency-Key): the first result with `duplicate: true`; or, for clients whose Accept contains text/html, the thank-you page.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestResult"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "Malformed submission. Clients whose Accept contains text/html get the form page again, with the problem, as HTML.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "description": "The submission is too large. Clients whose Accept contains text/html get the form page again, with the problem, as HTML.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "415": {
            "description": "Not urlencoded, multipart or JSON (or not UTF-8). Clients whose Accept contains text/html get the form page again, with the problem, as HTML.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "422": {
            "description": "Some fields are invalid (including a filled honeypot); `errors` names each. Clients whose Accept contains text/html get the form page again, with the problem, as HTML.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "429": {
            "description": "Too many submissions from this address. Clients whose Accept contains text/html get the form page again, with the problem, as HTML.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Retry-After": {
                "$ref": "#/components/headers/Retry-After"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/auth/login": {
      "post": {
        "operationId": "login",
        "summary": "Exchange email and password for an API token",
        "tags": [
          "Auth"
        ],
        "security": [],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LoginRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "A new bearer token for the agent.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Token"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/agents": {
      "get": {
        "operationId": "listAgents",
        "summary": "List the account's agents",
        "tags": [
          "Agents"
        ],
        "responses": {
          "200": {
            "description": "All agents of the caller's account.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AgentList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createAgent",
        "summary": "Add an agent (admins)",
        "tags": [
          "Agents"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateAgentRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new agent.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Agent"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/agents/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The agent's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getAgent",
        "summary": "Get an agent",
        "tags": [
          "Agents"
        ],
        "responses": {
          "200": {
            "description": "The agent.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Agent"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateAgent",
        "summary": "Change an agent's name, role, availability or capacity",
        "tags": [
          "Agents"
        ],
        "description": "Admins change anyone (but cannot demote themselves); supervisors set availability and capacity, and their own name; agents set their own availability and name.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateAgentRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated agent.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Agent"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/agents/{id}/tokens": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The agent's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "post": {
        "operationId": "issueAgentToken",
        "summary": "Issue an API token for an agent",
        "tags": [
          "Agents"
        ],
        "description": "Admins issue tokens for any agent of the account; others only for themselves.",
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateTokenRequest"
              }
            }
          },
          "description": "Optional; read only when a Content-Type is sent."
        },
        "responses": {
          "201": {
            "description": "The new token; it is shown only now.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Token"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/teams": {
      "get": {
        "operationId": "listTeams",
        "summary": "List the account's teams",
        "tags": [
          "Teams"
        ],
        "responses": {
          "200": {
            "description": "All teams of the caller's account.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TeamList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createTeam",
        "summary": "Create a team (admins)",
        "tags": [
          "Teams"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateTeamRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new team.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Team"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/teams/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The team's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getTeam",
        "summary": "Get a team",
        "tags": [
          "Teams"
        ],
        "responses": {
          "200": {
            "description": "The team.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Team"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/teams/{id}/members": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The team's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "put": {
        "operationId": "setTeamMembers",
        "summary": "Replace a team's members (admins and supervisors)",
        "tags": [
          "Teams"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TeamMembersRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The team with its new members.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Team"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/inboxes": {
      "get": {
        "operationId": "listInboxes",
        "summary": "List the account's inboxes",
        "tags": [
          "Inboxes"
        ],
        "responses": {
          "200": {
            "description": "All inboxes of the caller's account, deleted ones included (without secrets).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InboxList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createInbox",
        "summary": "Create an inbox (admins)",
        "tags": [
          "Inboxes"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateInboxRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new inbox. When the server generated the signing `secret`, `signing_secret` shows it once.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Inbox"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/inboxes/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The inbox's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getInbox",
        "summary": "Get an inbox",
        "tags": [
          "Inboxes"
        ],
        "responses": {
          "200": {
            "description": "The inbox (without secrets).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Inbox"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateInbox",
        "summary": "Change an inbox (admins)",
        "tags": [
          "Inboxes"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateInboxRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated inbox.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Inbox"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteInbox",
        "summary": "Delete an inbox (admins)",
        "tags": [
          "Inboxes"
        ],
        "responses": {
          "204": {
            "description": "Deleted: it takes no new messages; its conversations stay readable.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/inboxes/{id}/messages": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The api inbox's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "post": {
        "operationId": "postApiInboxMessage",
        "summary": "Post a user's message into an api inbox (admins and supervisors)",
        "tags": [
          "Inboxes"
        ],
        "description": "The `api` channel: another system sends its users' requests in. Idempotent on `external_id`. Answers 409 for inboxes of other kinds and for deleted inboxes.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApiInboundMessage"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Stored as a new message.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestResult"
                }
              }
            }
          },
          "200": {
            "description": "Already stored (same `external_id`): the first result with `duplicate: true`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/conversations": {
      "get": {
        "operationId": "listConversations",
        "summary": "List conversations, newest first",
        "tags": [
          "Conversations"
        ],
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/ConversationStatus"
            }
          },
          {
            "name": "assignee_id",
            "in": "query",
            "required": false,
            "description": "`me`, `none` (unassigned) or an agent id.",
            "schema": {
              "type": "string",
              "pattern": "^(me|none|[1-9][0-9]{0,17})$"
            }
          },
          {
            "name": "inbox_id",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            }
          },
          {
            "name": "team_id",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            }
          },
          {
            "name": "contact_id",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            }
          },
          {
            "name": "label",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "q",
            "in": "query",
            "required": false,
            "description": "Text search in the contact's name, the subject and the messages.",
            "schema": {
              "type": "string",
              "maxLength": 200
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 25
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `next_cursor` of the previous page.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of the conversations the caller may see.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ConversationPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/conversations/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The conversation's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getConversation",
        "summary": "Get a conversation",
        "tags": [
          "Conversations"
        ],
        "responses": {
          "200": {
            "description": "The conversation.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Conversation"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateConversation",
        "summary": "Change status, assignee, team, priority, labels or snooze",
        "tags": [
          "Conversations"
        ],
        "description": "Answers 409 when reopening would give the contact a second active conversation in the inbox. In the same transaction the account's rules on `conversation_updated` and `conversation_resolved` run once for what changed; the answer shows what they did.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateConversationRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated conversation.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Conversation"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/conversations/{id}/messages": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The conversation's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "listMessages",
        "summary": "List a conversation's messages, oldest first",
        "tags": [
          "Conversations"
        ],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 200,
              "default": 50
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `next_cursor` of the previous page.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of messages.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MessagePage"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "replyToConversation",
        "summary": "Reply, or add an internal note",
        "tags": [
          "Conversations"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NewMessageRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new message; a reply is queued for delivery.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Message"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/contacts/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The contact's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getContact",
        "summary": "Get a contact with identities and conversations across channels",
        "tags": [
          "Contacts"
        ],
        "responses": {
          "200": {
            "description": "The contact.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Contact"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateContact",
        "summary": "Change a contact's name, attributes or blocked flag",
        "tags": [
          "Contacts"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateContactRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated contact.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Contact"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/contacts/{id}/merge": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The contact that stays. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "post": {
        "operationId": "mergeContacts",
        "summary": "Merge another contact into this one (admins and supervisors)",
        "tags": [
          "Contacts"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MergeContactsRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The merged contact.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Contact"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/attachments/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The attachment's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "downloadAttachment",
        "summary": "Download an attachment",
        "tags": [
          "Conversations"
        ],
        "responses": {
          "200": {
            "description": "The file with its own content type, as an attachment download.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Content-Disposition": {
                "description": "`attachment` with an ASCII fallback name and the RFC 5987 UTF-8 name.",
                "required": true,
                "schema": {
                  "type": "string",
                  "pattern": "^attachment"
                }
              }
            },
            "content": {
              "*/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "application/octet-stream"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/templates": {
      "get": {
        "operationId": "listTemplates",
        "summary": "List and search reply templates",
        "tags": [
          "Templates"
        ],
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "required": false,
            "description": "Matches names, shortcodes, categories and bodies (a leading `/` is ignored, for the reply box's picker).",
            "schema": {
              "type": "string",
              "maxLength": 200
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 200
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Newest first.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TemplatePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createTemplate",
        "summary": "Create a reply template (admins, supervisors)",
        "tags": [
          "Templates"
        ],
        "description": "Every body is compiled: a syntax error or an unknown variable is a 422 naming the body (`body`, `variants.uk`) and the line and column.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateTemplateRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new template.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Template"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/templates/{id}/render": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The template's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "post": {
        "operationId": "renderTemplate",
        "summary": "Render a template for a conversation",
        "tags": [
          "Templates"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RenderTemplateRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The rendered text.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RenderedTemplate"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "description": "The text that would be sent: the contact's language picks the variant, the conversation fills the variables, the caller is the agent."
      }
    },
    "/api/v1/rules": {
      "get": {
        "operationId": "listRules",
        "summary": "The account's routing rules, in order",
        "tags": [
          "Rules"
        ],
        "responses": {
          "200": {
            "description": "In evaluation order.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RuleList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createRule",
        "summary": "Create a routing rule (admins, supervisors)",
        "description": "Conditions are checked against the event (`match`: `all` or `any`); matching rules run their actions in order inside the transaction of the event (the ingest, or an agent's change of the conversation), later rules seeing earlier changes; `stop` ends the round. An action that cannot run (a team deleted since) is recorded in the audit log (`rule.action_failed`) and the message is still stored. A rule naming an unknown field, operator, value, team, agent, template or category is a 422 naming the part (`conditions[0].operator`, `actions[1].team_id`).",
        "tags": [
          "Rules"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateRuleRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new rule.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Rule"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/rules/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The rule's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getRule",
        "summary": "One routing rule",
        "tags": [
          "Rules"
        ],
        "responses": {
          "200": {
            "description": "The rule.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Rule"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateRule",
        "summary": "Change, reorder, enable or disable a rule (admins, supervisors)",
        "tags": [
          "Rules"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateRuleRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The rule as changed.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Rule"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteRule",
        "summary": "Delete a rule (admins, supervisors)",
        "tags": [
          "Rules"
        ],
        "responses": {
          "204": {
            "description": "Deleted.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/webhooks/{uid}": {
      "post": {
        "operationId": "receiveWebhook",
        "summary": "Messenger updates",
        "tags": [
          "Webhooks"
        ],
        "security": [],
        "description": "Telegram, WhatsApp Cloud API, Viber and VK post their updates here. The proof is checked before anything is read; messages are stored once however often the platform redelivers; receipts, edits and subscription changes are applied; anything else is acknowledged and listed in the inbox's `skipped` list with the reason — an update that passed its proof but cannot be read at all (not even JSON) too, as `unreadable`, since the platform would only resend the same bytes. The answer is what the platform expects: `ok` (VK), the confirmation code (VK `confirmation`), or an empty success.",
        "parameters": [
          {
            "name": "uid",
            "in": "path",
            "required": true,
            "description": "The messenger inbox's `uid` (its `webhook_url`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {}
            }
          }
        },
        "responses": {
          "200": {
            "description": "Accepted (plain text `ok`, or the VK confirmation code).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              },
              "application/json": {
                "schema": {}
              }
            }
          },
          "400": {
            "description": "The request itself is unusable. (A verified update that cannot be read is not refused: it is acknowledged and kept in the inbox's `skipped` list.)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "413": {
            "description": "The body is larger than 1 MiB.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "The platform's proof is missing or wrong (Telegram secret token, WhatsApp/Viber HMAC signature, VK secret). Nothing is stored.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "get": {
        "operationId": "verifyWebhook",
        "summary": "Webhook handshakes",
        "tags": [
          "Webhooks"
        ],
        "security": [],
        "description": "WhatsApp's subscription check: with `hub.mode=subscribe` and the inbox's `hub.verify_token`, the answer is `hub.challenge` as plain text.",
        "parameters": [
          {
            "name": "uid",
            "in": "path",
            "required": true,
            "description": "The messenger inbox's `uid` (its `webhook_url`).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "hub.mode",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "hub.verify_token",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "hub.challenge",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The echoed `hub.challenge`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              },
              "application/json": {
                "schema": {}
              }
            }
          },
          "400": {
            "description": "Not a handshake this platform knows.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "The verify token does not match.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "The platform's proof is missing or wrong (Telegram secret token, WhatsApp/Viber HMAC signature, VK secret). Nothing is stored.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/templates/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The template's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getTemplate",
        "summary": "One reply template",
        "tags": [
          "Templates"
        ],
        "responses": {
          "200": {
            "description": "The template.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Template"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateTemplate",
        "summary": "Change a reply template (admins, supervisors)",
        "tags": [
          "Templates"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateTemplateRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The template as changed.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Template"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteTemplate",
        "summary": "Delete a reply template (admins, supervisors)",
        "tags": [
          "Templates"
        ],
        "responses": {
          "204": {
            "description": "Deleted; inboxes greeting with it no longer do.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/account": {
      "get": {
        "operationId": "getAccount",
        "summary": "The caller's account and its settings",
        "tags": [
          "Account"
        ],
        "responses": {
          "200": {
            "description": "The account.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Account"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateAccount",
        "summary": "Change the account's settings (admins)",
        "tags": [
          "Account"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateAccountRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The account as changed.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Account"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/templates/{id}/attachments": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The template's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "post": {
        "operationId": "addTemplateAttachment",
        "summary": "Add a file to a reply template (admins, supervisors)",
        "tags": [
          "Templates"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "multipart/form-data": {
              "schema": {
                "$ref": "#/components/schemas/TemplateAttachmentUpload"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The file as stored.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TemplateAttachment"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "description": "`multipart/form-data` with the file in a part named `file` (`curl -F file=@guide.pdf`). The name is made safe (last path component, no control characters); an unusable content type becomes `application/octet-stream`."
      }
    },
    "/api/v1/templates/{id}/attachments/{attachment_id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The template's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        },
        {
          "name": "attachment_id",
          "in": "path",
          "required": true,
          "description": "The file's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "delete": {
        "operationId": "deleteTemplateAttachment",
        "summary": "Remove a file from a reply template (admins, supervisors)",
        "tags": [
          "Templates"
        ],
        "responses": {
          "204": {
            "description": "Removed; replies already sent keep their copy.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/inboxes/{id}/refused_mail": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The inbox's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "listRefusedMail",
        "summary": "Mail the poller skipped",
        "description": "The 100 latest messages an email inbox's poller could not take in (over `max_message_bytes`, unreadable), newest first, with the reason. Admins and supervisors only.",
        "tags": [
          "Inboxes"
        ],
        "responses": {
          "200": {
            "description": "Skipped messages, newest first.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RefusedMailList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/inboxes/{id}/skipped": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The inbox's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "listSkippedPayloads",
        "summary": "Payloads the inbox acknowledged without storing a message",
        "description": "Everything the inbox acknowledged without storing a message in the last 30 days, newest first: group chats, typing events, echoes, unknown events (`category: ignored`), a person's message that could not be read (`unreadable`) or stored (`rejected`), edits and receipts naming nothing known (`unmatched`), mail the poller refused (`refused`). Each has the reason and the raw payload. The same categories count in the metric `switchboard_skipped_total{channel,reason}`. Admins and supervisors only.",
        "tags": [
          "Inboxes"
        ],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 25
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `next_cursor` of the previous page.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of skipped payloads, newest first.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SkippedPayloadPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/categories": {
      "get": {
        "operationId": "listCategories",
        "summary": "The account's category list, as a tree",
        "tags": [
          "Categories"
        ],
        "responses": {
          "200": {
            "description": "Top-level categories with their sub-categories.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CategoryList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createCategory",
        "summary": "Add a category, with sub-categories, or a sub-category (admins)",
        "tags": [
          "Categories"
        ],
        "description": "A name taken at its level (whatever the case) is a 409; a `parent_id` that is not a top-level category of the account is a 422 naming `parent_id`.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateCategoryRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new category with the sub-categories created with it.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Category"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/api/v1/categories/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The category's id. The server answers 404 for anything but a positive integer.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "get": {
        "operationId": "getCategory",
        "summary": "One category with its sub-categories",
        "tags": [
          "Categories"
        ],
        "responses": {
          "200": {
            "description": "The category.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Category"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "renameCategory",
        "summary": "Rename a category (admins)",
        "tags": [
          "Categories"
        ],
        "description": "Conversations and rules that name the category (or its sub-categories) follow the new name.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RenameCategoryRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The category as renamed.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Category"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/Unprocessable"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteCategory",
        "summary": "Delete a category with its sub-categories (admins)",
        "tags": [
          "Categories"
        ],
        "description": "A category a rule's `set_category` names (or one of its sub-categories) is a 409 naming the rules: change them first. Conversations keep the text they had.",
        "responses": {
          "204": {
            "description": "Deleted.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rate/{token}": {
      "get": {
        "operationId": "showRatingLink",
        "summary": "A survey's rating link",
        "tags": [
          "Surveys"
        ],
        "security": [],
        "description": "What a rating link in a satisfaction survey opens. It records nothing: it shows the rating with a comment box and a button that posts to the same address, so mail scanners that open links never vote. Pages are in English, Russian or Ukrainian after `Accept-Language`.",
        "parameters": [
          {
            "name": "token",
            "in": "path",
            "required": true,
            "description": "The link's token: `<conversation id>-<rating 1–5>-<signature>`, as the survey's `survey.rating_url_N` put it.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The confirmation page; or, when the conversation is already rated, the rating that stands.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "description": "The token is malformed, forged or names no conversation.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "410": {
            "description": "The survey is closed: not sent, its window passed, or the conversation was reopened.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "recordRatingLink",
        "summary": "Record a survey rating",
        "tags": [
          "Surveys"
        ],
        "security": [],
        "description": "Stores the link's rating and the optional comment as the conversation's `csat`, if its survey still awaits a rating. The first rating stands.",
        "parameters": [
          {
            "name": "token",
            "in": "path",
            "required": true,
            "description": "The link's token: `<conversation id>-<rating 1–5>-<signature>`, as the survey's `survey.rating_url_N` put it.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/x-www-form-urlencoded": {
              "schema": {
                "type": "object",
                "properties": {
                  "comment": {
                    "type": "string",
                    "maxLength": 2000,
                    "description": "What the person added (optional)."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The thank-you page; or, when the conversation was already rated, the rating that stands.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "The form could not be read: the confirmation page again, with the problem.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "description": "The token is malformed, forged or names no conversation.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "410": {
            "description": "The survey is closed: not sent, its window passed, or the conversation was reopened.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "413": {
            "description": "The body is over 16 KB: the confirmation page again, with the problem.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "422": {
            "description": "The comment is over 2000 characters: the confirmation page again, with the problem.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/StoreUnavailable"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from `switchboard bootstrap`, POST /api/v1/auth/login or POST /api/v1/agents/{id}/tokens."
      }
    },
    "headers": {
      "X-Request-Id": {
        "description": "Identifies the request in the server's log; on every response.",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1
        }
      },
      "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[0-9]+$"
        }
      },
      "WWW-Authenticate": {
        "description": "The authentication scheme to use.",
        "required": true,
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "Malformed request: the body is not valid JSON, or holds a value that cannot be stored.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No bearer token, or not a valid one.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          },
          "WWW-Authenticate": {
            "$ref": "#/components/headers/WWW-Authenticate"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The caller's role may not do this.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such resource, or it belongs to another account (or the caller may not see it).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Conflict": {
        "description": "Conflicts with existing data or the resource's state.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "TooLarge": {
        "description": "The body is too large.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not in a supported media type.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Unprocessable": {
        "description": "Some fields are invalid; `errors` names each.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "StoreUnavailable": {
        "description": "The database is unavailable; retry later.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          },
          "Retry-After": {
            "$ref": "#/components/headers/Retry-After"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Problem": {
        "description": "Any other problem.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "FieldError": {
        "type": "object",
        "properties": {
          "field": {
            "type": "string",
            "description": "The field, as a path into the body (`sender.email`, `labels`), a query parameter or a header name."
          },
          "message": {
            "type": "string"
          }
        },
        "required": [
          "field",
          "message"
        ],
        "additionalProperties": false
      },
      "Problem": {
        "type": "object",
        "properties": {
          "type": {
            "type": "string",
            "description": "`https://switchboard.dev/problems/<slug>` for the server's own problems, `about:blank` for framework ones."
          },
          "title": {
            "type": "string",
            "description": "The HTTP reason phrase."
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "detail": {
            "type": "string"
          },
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FieldError"
            },
            "description": "Every bad field, on validation failures (422)."
          },
          "request_id": {
            "type": "string",
            "description": "The same value as the X-Request-Id header; quote it when reporting a problem."
          }
        },
        "required": [
          "type",
          "title",
          "status",
          "detail"
        ],
        "additionalProperties": false,
        "description": "An RFC 9457 problem document."
      },
      "Role": {
        "type": "string",
        "enum": [
          "admin",
          "supervisor",
          "agent"
        ]
      },
      "Availability": {
        "type": "string",
        "enum": [
          "online",
          "busy",
          "offline"
        ]
      },
      "ConversationStatus": {
        "type": "string",
        "enum": [
          "open",
          "pending",
          "snoozed",
          "resolved"
        ]
      },
      "Priority": {
        "type": "string",
        "enum": [
          "none",
          "low",
          "medium",
          "high",
          "urgent"
        ]
      },
      "ChannelKind": {
        "type": "string",
        "enum": [
          "api",
          "webform",
          "email",
          "telegram",
          "whatsapp",
          "viber",
          "vk"
        ]
      },
      "MessageDirection": {
        "type": "string",
        "enum": [
          "in",
          "out"
        ]
      },
      "SenderType": {
        "type": "string",
        "enum": [
          "contact",
          "agent",
          "automation"
        ]
      },
      "DeliveryStatus": {
        "type": "string",
        "enum": [
          "queued",
          "sent",
          "delivered",
          "read",
          "failed"
        ]
      },
      "JSONObject": {
        "type": "object",
        "description": "Free-form JSON object.",
        "additionalProperties": true
      },
      "Health": {
        "type": "object",
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "degraded"
            ]
          },
          "database": {
            "type": "string",
            "enum": [
              "ok",
              "unavailable"
            ]
          }
        },
        "required": [
          "status",
          "database"
        ],
        "additionalProperties": false
      },
      "Agent": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "availability": {
            "$ref": "#/components/schemas/Availability"
          },
          "capacity": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "description": "At most this many open and pending conversations; null takes the inbox's assignment.default_capacity (10 when unset)."
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "name",
          "email",
          "role",
          "availability",
          "capacity",
          "created_at",
          "updated_at"
        ],
        "additionalProperties": false
      },
      "AgentList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Agent"
            }
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "Token": {
        "type": "object",
        "properties": {
          "token": {
            "type": "string",
            "description": "The bearer token; shown only now (the server keeps a hash)."
          },
          "agent_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "account_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        },
        "required": [
          "token",
          "agent_id",
          "account_id"
        ],
        "additionalProperties": false
      },
      "Team": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "member_ids": {
            "type": "array",
            "items": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            }
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "name",
          "member_ids",
          "created_at"
        ],
        "additionalProperties": false
      },
      "TeamList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Team"
            }
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "Channel": {
        "type": "object",
        "properties": {
          "kind": {
            "$ref": "#/components/schemas/ChannelKind"
          },
          "config": {
            "type": "object",
            "additionalProperties": {
              "type": [
                "string",
                "number",
                "boolean",
                "null"
              ]
            },
            "description": "The channel settings without secrets."
          },
          "secrets_set": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Names of the secret config keys that are set (their values are never returned)."
          }
        },
        "required": [
          "kind",
          "config",
          "secrets_set"
        ],
        "additionalProperties": false
      },
      "Inbox": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "uid": {
            "type": "string",
            "description": "Random and unguessable; public endpoints address the inbox by it."
          },
          "name": {
            "type": "string"
          },
          "channel": {
            "$ref": "#/components/schemas/Channel"
          },
          "team_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1
          },
          "greeting_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1
          },
          "webhook_url": {
            "type": "string",
            "description": "Only for telegram, whatsapp, viber and vk inboxes."
          },
          "form_url": {
            "type": "string",
            "description": "Only for webform inboxes."
          },
          "messages_url": {
            "type": "string",
            "description": "Only for api inboxes: where the integration posts messages."
          },
          "deleted": {
            "type": "boolean"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          },
          "signing_secret": {
            "type": "string",
            "description": "Only in the answer that created the inbox, when the server generated its signing `secret` (none was given): shown once."
          },
          "assignment": {
            "$ref": "#/components/schemas/Assignment"
          },
          "health": {
            "$ref": "#/components/schemas/ChannelHealth"
          },
          "webhook_registration": {
            "$ref": "#/components/schemas/WebhookRegistration"
          },
          "automations": {
            "$ref": "#/components/schemas/InboxAutomationsOut"
          },
          "escalation_team_ids": {
            "type": "array",
            "items": {
              "type": "integer",
              "format": "int64"
            },
            "description": "Support lines in order (team ids): the rule action `escalate` moves a conversation to the next one."
          }
        },
        "required": [
          "id",
          "uid",
          "name",
          "channel",
          "team_id",
          "greeting_template_id",
          "deleted",
          "created_at",
          "updated_at",
          "assignment",
          "health",
          "automations",
          "escalation_team_ids"
        ],
        "additionalProperties": false
      },
      "InboxList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Inbox"
            }
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "ContactRef": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "name"
        ],
        "additionalProperties": false
      },
      "LastMessage": {
        "type": "object",
        "properties": {
          "direction": {
            "$ref": "#/components/schemas/MessageDirection"
          },
          "content": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "direction",
          "content",
          "created_at"
        ],
        "additionalProperties": false
      },
      "Conversation": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "inbox_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "contact": {
            "$ref": "#/components/schemas/ContactRef"
          },
          "status": {
            "$ref": "#/components/schemas/ConversationStatus"
          },
          "assignee_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1
          },
          "team_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1
          },
          "priority": {
            "$ref": "#/components/schemas/Priority"
          },
          "labels": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "subject": {
            "type": [
              "string",
              "null"
            ]
          },
          "snoozed_until": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "last_message": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/LastMessage"
              },
              {
                "type": "null"
              }
            ]
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          },
          "queue_position": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "description": "For a conversation waiting for automatic assignment: its place in its team's queue (1 = next); null otherwise."
          },
          "estimated_wait_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "description": "queue_position divided by the assignments of the last hour; null without a recent rate."
          },
          "csat": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/Satisfaction"
              },
              {
                "type": "null"
              }
            ],
            "description": "The contact's answer to the satisfaction survey."
          },
          "category": {
            "type": [
              "string",
              "null"
            ],
            "description": "A path of the account's category list (`Legal/Housing`), as it was when set; null when none."
          }
        },
        "required": [
          "id",
          "inbox_id",
          "contact",
          "status",
          "assignee_id",
          "team_id",
          "priority",
          "labels",
          "subject",
          "snoozed_until",
          "last_message",
          "created_at",
          "updated_at",
          "queue_position",
          "estimated_wait_minutes",
          "csat",
          "category"
        ],
        "additionalProperties": false
      },
      "ConversationPage": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Conversation"
            }
          },
          "next_cursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; null on the last page."
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "additionalProperties": false
      },
      "Attachment": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "content_type": {
            "type": "string"
          },
          "size": {
            "type": "integer",
            "minimum": 0
          },
          "state": {
            "type": "string",
            "enum": [
              "ready",
              "pending",
              "failed"
            ],
            "description": "`pending` while a messenger's file is being downloaded; the content is served once `ready`."
          },
          "error": {
            "type": [
              "string",
              "null"
            ],
            "description": "Why the download failed or is being retried."
          }
        },
        "required": [
          "id",
          "name",
          "content_type",
          "size",
          "state",
          "error"
        ],
        "additionalProperties": false
      },
      "Sender": {
        "type": "object",
        "properties": {
          "type": {
            "$ref": "#/components/schemas/SenderType"
          },
          "id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "required": [
          "type",
          "id",
          "name"
        ],
        "additionalProperties": false
      },
      "Message": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "conversation_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "direction": {
            "$ref": "#/components/schemas/MessageDirection"
          },
          "sender": {
            "$ref": "#/components/schemas/Sender"
          },
          "content": {
            "type": "string"
          },
          "private": {
            "type": "boolean",
            "description": "An internal note, never sent to the contact."
          },
          "attachments": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Attachment"
            }
          },
          "delivery_status": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/DeliveryStatus"
              },
              {
                "type": "null"
              }
            ],
            "description": "Outgoing, non-private messages only; null otherwise."
          },
          "delivery_error": {
            "type": [
              "string",
              "null"
            ]
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "edited_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "When the customer last edited the message on their platform; the text shown is the edited one."
          },
          "subject": {
            "type": [
              "string",
              "null"
            ],
            "description": "An email's own subject (a reply may change it and stay in the thread); null for other channels."
          }
        },
        "required": [
          "id",
          "conversation_id",
          "direction",
          "sender",
          "content",
          "private",
          "attachments",
          "delivery_status",
          "delivery_error",
          "created_at",
          "edited_at",
          "subject"
        ],
        "additionalProperties": false
      },
      "MessagePage": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Message"
            }
          },
          "next_cursor": {
            "type": [
              "string",
              "null"
            ],
            "description": "Pass as `cursor` for the next page; null on the last page."
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "additionalProperties": false
      },
      "Identity": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "inbox_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "channel": {
            "$ref": "#/components/schemas/ChannelKind"
          },
          "external_id": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "reachable": {
            "type": "boolean",
            "description": "false when replies cannot reach the person here (they blocked the bot or unsubscribed)."
          },
          "unreachable_reason": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "required": [
          "id",
          "inbox_id",
          "channel",
          "external_id",
          "created_at",
          "reachable",
          "unreachable_reason"
        ],
        "additionalProperties": false
      },
      "Contact": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "email": {
            "type": [
              "string",
              "null"
            ]
          },
          "phone": {
            "type": [
              "string",
              "null"
            ]
          },
          "language": {
            "type": [
              "string",
              "null"
            ]
          },
          "attributes": {
            "$ref": "#/components/schemas/JSONObject"
          },
          "blocked": {
            "type": "boolean"
          },
          "identities": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Identity"
            }
          },
          "conversations": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Conversation"
            },
            "description": "The contact's conversations the caller may see, newest first."
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "name",
          "email",
          "phone",
          "language",
          "attributes",
          "blocked",
          "identities",
          "conversations",
          "created_at",
          "updated_at"
        ],
        "additionalProperties": false
      },
      "IngestResult": {
        "type": "object",
        "properties": {
          "contact_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "conversation_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "message_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "duplicate": {
            "type": "boolean",
            "description": "True when this event was ingested before; nothing new was stored."
          }
        },
        "required": [
          "contact_id",
          "conversation_id",
          "message_id",
          "duplicate"
        ],
        "additionalProperties": false
      },
      "CreateAgentRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "email": {
            "type": "string",
            "maxLength": 254,
            "pattern": "^[^@\\s]+@[^@\\s]*\\.[^@\\s]*$",
            "example": "ada@example.org"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "password": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 8,
            "maxLength": 200,
            "description": "Lets the agent sign in with POST /api/v1/auth/login."
          },
          "capacity": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 1000,
            "description": "Defaults to 10."
          }
        },
        "required": [
          "name",
          "email",
          "role"
        ]
      },
      "UpdateAgentRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S",
            "description": "Admins for anyone; supervisors and agents for themselves."
          },
          "role": {
            "description": "Admins only; an admin cannot demote themselves.",
            "$ref": "#/components/schemas/Role"
          },
          "availability": {
            "$ref": "#/components/schemas/Availability"
          },
          "capacity": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 1000,
            "description": "Admins and supervisors only."
          }
        },
        "description": "Absent or null fields stay as they are."
      },
      "CreateTokenRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S",
            "description": "A label for the token."
          }
        }
      },
      "LoginRequest": {
        "type": "object",
        "properties": {
          "email": {
            "type": "string"
          },
          "password": {
            "type": "string"
          }
        },
        "required": [
          "email",
          "password"
        ]
      },
      "CreateTeamRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          }
        },
        "required": [
          "name"
        ]
      },
      "TeamMembersRequest": {
        "type": "object",
        "properties": {
          "agent_ids": {
            "type": "array",
            "maxItems": 1000,
            "items": {
              "type": "integer",
              "format": "int64"
            },
            "description": "The whole membership: agents not listed leave the team."
          }
        },
        "required": [
          "agent_ids"
        ]
      },
      "ChannelInput": {
        "type": "object",
        "properties": {
          "kind": {
            "$ref": "#/components/schemas/ChannelKind"
          },
          "config": {
            "type": [
              "object",
              "null"
            ],
            "maxProperties": 50,
            "additionalProperties": {
              "type": [
                "string",
                "number",
                "boolean",
                "null"
              ]
            },
            "description": "Channel settings, secrets included (accepted, never returned). Only the keys the channel reads are accepted; an unknown key, an empty token or a value of the wrong type is a 422 naming `channel.config.<key>`. telegram: `bot_token`, `secret_token` (1-256 of A-Z a-z 0-9 _ -), `api_base_url`; whatsapp: `phone_number_id`, `access_token`, `app_secret`, `verify_token`, `api_base_url`; viber: `auth_token`, `bot_name`, `bot_avatar`, `api_base_url`; vk: `group_id`, `access_token`, `secret`, `confirmation_code`, `api_base_url`; webform: `max_file_bytes`, `max_files`, `honeypot_field`, `rate_limit_per_minute`, `title`, `intro`, `thank_you_message`, `secret`, `callback_url`. Values are scalars; strings up to 4096 characters. For api and webform inboxes `callback_url` must be an http(s) URL and `secret` at least 16 characters. For email inboxes: `imap_host` (required), `imap_port`, `imap_tls` (`implicit` default, `starttls`, or `none` for loopback only), `imap_username`, `imap_password`, `imap_mailbox` (INBOX), `poll_interval_seconds` (60, 1–86400), `max_message_bytes` (26214400, 1024–104857600), `smtp_host`, `smtp_port`, `smtp_tls`, `smtp_username`, `smtp_password`, `from_address` (required unless the IMAP user name is an address), `from_name`, `ca_file` (the absolute path of a PEM file of CA certificates on the server, trusted in addition to the system's CAs), `account_default` (true: this inbox also answers web-form conversations by email)."
          }
        },
        "required": [
          "kind"
        ]
      },
      "CreateInboxRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "channel": {
            "$ref": "#/components/schemas/ChannelInput"
          },
          "team_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1,
            "description": "A team of the account."
          },
          "greeting_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1,
            "description": "A template of the account."
          },
          "assignment": {
            "$ref": "#/components/schemas/AssignmentInput"
          },
          "automations": {
            "$ref": "#/components/schemas/InboxAutomations"
          },
          "escalation_team_ids": {
            "type": "array",
            "maxItems": 10,
            "uniqueItems": true,
            "items": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            },
            "description": "Support lines in order (team ids): the rule action `escalate` moves a conversation to the next one."
          }
        },
        "required": [
          "name",
          "channel"
        ]
      },
      "ChannelPatch": {
        "type": "object",
        "properties": {
          "kind": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/ChannelKind"
              },
              {
                "type": "null"
              }
            ],
            "description": "If given, must be the inbox's kind (it cannot change)."
          },
          "config": {
            "type": [
              "object",
              "null"
            ],
            "maxProperties": 50,
            "additionalProperties": {
              "type": [
                "string",
                "number",
                "boolean",
                "null"
              ]
            },
            "description": "Keys merge into the current config; a null value removes its key; secrets stay unless replaced."
          }
        }
      },
      "UpdateInboxRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "channel": {
            "$ref": "#/components/schemas/ChannelPatch"
          },
          "team_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1,
            "description": "null clears it; absent leaves it."
          },
          "greeting_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1,
            "description": "null clears it; absent leaves it."
          },
          "assignment": {
            "$ref": "#/components/schemas/AssignmentInput"
          },
          "automations": {
            "$ref": "#/components/schemas/InboxAutomations"
          },
          "escalation_team_ids": {
            "type": "array",
            "maxItems": 10,
            "uniqueItems": true,
            "items": {
              "type": "integer",
              "format": "int64",
              "minimum": 1
            },
            "description": "Support lines in order (team ids): the rule action `escalate` moves a conversation to the next one."
          }
        },
        "description": "Absent fields stay as they are."
      },
      "ApiSender": {
        "type": "object",
        "properties": {
          "external_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "description": "The user's id in the posting system."
          },
          "name": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "email": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 254,
            "pattern": "^[^@\\s]+@[^@\\s]*\\.[^@\\s]*$",
            "example": "ada@example.org"
          },
          "phone": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 64,
            "pattern": "\\S"
          },
          "language": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "required": [
          "external_id"
        ]
      },
      "ApiInboundMessage": {
        "type": "object",
        "properties": {
          "external_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "description": "The message's id in the posting system; posting it again answers 200 with `duplicate: true`."
          },
          "sender": {
            "$ref": "#/components/schemas/ApiSender"
          },
          "content": {
            "type": "string",
            "minLength": 1,
            "maxLength": 20000,
            "pattern": "\\S"
          },
          "subject": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 300,
            "pattern": "\\S"
          },
          "attributes": {
            "type": [
              "object",
              "null"
            ],
            "maxProperties": 100,
            "additionalProperties": true,
            "description": "Kept as contact attributes."
          }
        },
        "required": [
          "external_id",
          "sender",
          "content"
        ]
      },
      "UpdateConversationRequest": {
        "type": "object",
        "properties": {
          "status": {
            "$ref": "#/components/schemas/ConversationStatus"
          },
          "assignee_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1,
            "description": "An agent of the account; null unassigns. Agents may only take unassigned conversations or hand back their own."
          },
          "team_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1,
            "description": "A team of the account; null clears it. Admins and supervisors only."
          },
          "priority": {
            "$ref": "#/components/schemas/Priority"
          },
          "labels": {
            "type": "array",
            "maxItems": 30,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 50,
              "pattern": "[^ \\t]"
            },
            "description": "Replaces the labels; duplicates are dropped."
          },
          "snoozed_until": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "Must be in the future when status is snoozed."
          },
          "category": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 201,
            "description": "A path of the account's category list, `Category` or `Category/Sub-category` (case-insensitive); null clears it. One not in the list is a 422 naming `category`."
          }
        },
        "description": "Absent fields stay as they are."
      },
      "NewMessageRequest": {
        "type": "object",
        "properties": {
          "content": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 20000,
            "pattern": "\\S",
            "description": "Required unless `template_id` is given."
          },
          "template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Send this template, rendered for the conversation in the contact's language, instead of `content`. The template's files go with the reply."
          },
          "private": {
            "type": [
              "boolean",
              "null"
            ],
            "description": "true for an internal note (never delivered)."
          }
        }
      },
      "UpdateContactRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "attributes": {
            "type": "object",
            "maxProperties": 100,
            "additionalProperties": true,
            "description": "Merged into the attributes; a null value removes its key."
          },
          "blocked": {
            "type": "boolean"
          }
        },
        "description": "Absent or null fields stay as they are."
      },
      "MergeContactsRequest": {
        "type": "object",
        "properties": {
          "other_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "The contact merged into this one (and then removed)."
          }
        },
        "required": [
          "other_id"
        ]
      },
      "CreateTemplateRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "shortcode": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[A-Za-z0-9_-]+$",
            "description": "What agents type after `/`; unique in the account. Letters (any alphabet), digits, `_` and `-`."
          },
          "category": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 200,
            "description": "A folder, e.g. `Legal/Housing`."
          },
          "language": {
            "oneOf": [
              {
                "type": "string",
                "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                "description": "A language tag such as `ru`, `uk`, `en` or `pt-BR`."
              },
              {
                "type": "null"
              }
            ],
            "description": "The language of `body`."
          },
          "body": {
            "type": "string",
            "minLength": 1,
            "maxLength": 20000,
            "pattern": "\\S",
            "description": "Mustache text. Variables: `contact.name`, `contact.first_name`, `contact.attributes.*`, `agent.name`, `agent.first_name`, `inbox.name`, `conversation.id`, `conversation.display_id`, `queue.position`, `queue.estimated_wait_minutes`, `account.name`, `now`, `survey.rating_url_1` … `survey.rating_url_5` (signed rating links for the satisfaction survey, under the public URL). A missing value renders empty; `{{^contact.first_name}}friend{{/contact.first_name}}` gives a default. Text channels get the text unescaped."
          },
          "variants": {
            "type": "object",
            "maxProperties": 30,
            "propertyNames": {
              "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
            },
            "additionalProperties": {
              "type": "string",
              "minLength": 1,
              "maxLength": 20000,
              "pattern": "\\S"
            },
            "description": "More bodies by language; the contact's language picks one (exact tag, then its primary language), else `body` is used."
          }
        },
        "required": [
          "name",
          "shortcode",
          "body"
        ]
      },
      "RenderTemplateRequest": {
        "type": "object",
        "properties": {
          "conversation_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        },
        "required": [
          "conversation_id"
        ]
      },
      "FormSubmissionFields": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "phone": {
            "type": "string"
          },
          "message": {
            "type": "string"
          },
          "subject": {
            "type": "string"
          },
          "language": {
            "type": "string"
          }
        },
        "description": "Fields `name`, `email`, `phone`, `message` (required unless a file is attached), `subject` and `language`; every other non-empty field is kept as a contact attribute. The inbox's honeypot field (default `website`) must stay empty."
      },
      "FormSubmissionMultipart": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "phone": {
            "type": "string"
          },
          "message": {
            "type": "string"
          },
          "subject": {
            "type": "string"
          },
          "language": {
            "type": "string"
          },
          "files": {
            "type": "array",
            "items": {
              "type": "string",
              "contentMediaType": "application/octet-stream"
            },
            "description": "Any part with a filename is a file (attachment)."
          }
        },
        "description": "Like the urlencoded form, with files."
      },
      "FormSubmissionJSON": {
        "type": "object",
        "description": "An object of fields; values are strings, numbers or booleans (null counts as absent).",
        "properties": {
          "name": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          },
          "email": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          },
          "phone": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          },
          "message": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          },
          "subject": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          },
          "language": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          }
        },
        "additionalProperties": {
          "type": [
            "string",
            "number",
            "boolean",
            "null"
          ]
        }
      },
      "AssignmentPolicy": {
        "type": "string",
        "enum": [
          "off",
          "round_robin",
          "least_loaded"
        ],
        "description": "off: conversations wait until someone takes them; round_robin: the online agent with room assigned longest ago; least_loaded: the online agent with the fewest open conversations."
      },
      "Assignment": {
        "type": "object",
        "properties": {
          "policy": {
            "$ref": "#/components/schemas/AssignmentPolicy"
          },
          "sticky": {
            "type": "boolean",
            "description": "A returning contact goes back to the agent who last answered them, when online with room."
          },
          "requeue_after_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 10080,
            "description": "When the assignee goes offline, a conversation without an agent reply for this many minutes goes back to the queue; null keeps it with them."
          },
          "default_capacity": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 1000,
            "description": "Capacity of agents who have none of their own, for this inbox's conversations; null means 10."
          }
        },
        "required": [
          "policy",
          "sticky",
          "requeue_after_minutes",
          "default_capacity"
        ],
        "additionalProperties": false
      },
      "AssignmentInput": {
        "type": [
          "object",
          "null"
        ],
        "properties": {
          "policy": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/AssignmentPolicy"
              },
              {
                "type": "null"
              }
            ]
          },
          "sticky": {
            "type": [
              "boolean",
              "null"
            ]
          },
          "requeue_after_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 10080,
            "description": "null keeps conversations with an agent who goes offline; absent leaves the setting."
          },
          "default_capacity": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 1000
          }
        },
        "description": "Absent or null fields keep their current value (off and false for a new inbox)."
      },
      "ChannelHealth": {
        "type": "object",
        "description": "How the channel is doing: what an administrator checks first when it goes quiet.",
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "error"
            ],
            "description": "`error` while `last_error` is set."
          },
          "last_event_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "When the platform last called the webhook."
          },
          "last_error": {
            "type": [
              "string",
              "null"
            ],
            "description": "What last went wrong (a refused webhook proof, a failed registration, a message that could not be stored)."
          },
          "last_error_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "last_skipped_message": {
            "description": "The last person's message the inbox acknowledged without storing it (its `skipped` list has the payload); null when there was none.",
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "properties": {
                  "at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "reason": {
                    "type": "string"
                  }
                },
                "required": [
                  "at",
                  "reason"
                ],
                "additionalProperties": false
              }
            ]
          }
        },
        "required": [
          "status",
          "last_event_at",
          "last_error",
          "last_error_at",
          "last_skipped_message"
        ],
        "additionalProperties": false
      },
      "WebhookRegistration": {
        "type": "object",
        "description": "The platform's answer when this request registered the webhook URL (Telegram `setWebhook`, Viber `set_webhook`); only when the server was started with a public URL.",
        "properties": {
          "succeeded": {
            "type": "boolean"
          },
          "message": {
            "type": "string"
          }
        },
        "required": [
          "succeeded",
          "message"
        ],
        "additionalProperties": false
      },
      "UpdateTemplateRequest": {
        "type": "object",
        "description": "Only the fields given change; `null` clears `category` or `language`.",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "shortcode": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[A-Za-z0-9_-]+$",
            "description": "What agents type after `/`; unique in the account. Letters (any alphabet), digits, `_` and `-`."
          },
          "category": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 200
          },
          "language": {
            "oneOf": [
              {
                "type": "string",
                "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                "description": "A language tag such as `ru`, `uk`, `en` or `pt-BR`."
              },
              {
                "type": "null"
              }
            ]
          },
          "body": {
            "type": "string",
            "minLength": 1,
            "maxLength": 20000,
            "pattern": "\\S",
            "description": "Mustache text. Variables: `contact.name`, `contact.first_name`, `contact.attributes.*`, `agent.name`, `agent.first_name`, `inbox.name`, `conversation.id`, `conversation.display_id`, `queue.position`, `queue.estimated_wait_minutes`, `account.name`, `now`, `survey.rating_url_1` … `survey.rating_url_5` (signed rating links for the satisfaction survey, under the public URL). A missing value renders empty; `{{^contact.first_name}}friend{{/contact.first_name}}` gives a default. Text channels get the text unescaped."
          },
          "variants": {
            "type": "object",
            "maxProperties": 30,
            "propertyNames": {
              "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
            },
            "additionalProperties": {
              "type": "string",
              "minLength": 1,
              "maxLength": 20000,
              "pattern": "\\S"
            },
            "description": "Replaces all variants."
          }
        }
      },
      "Template": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "shortcode": {
            "type": "string"
          },
          "category": {
            "type": [
              "string",
              "null"
            ]
          },
          "language": {
            "type": [
              "string",
              "null"
            ]
          },
          "body": {
            "type": "string"
          },
          "variants": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          },
          "attachments": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TemplateAttachment"
            },
            "description": "Files sent with every reply made from the template; at most 10."
          }
        },
        "required": [
          "id",
          "name",
          "shortcode",
          "category",
          "language",
          "body",
          "variants",
          "created_at",
          "updated_at",
          "attachments"
        ],
        "additionalProperties": false
      },
      "TemplatePage": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Template"
            }
          },
          "next_cursor": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "additionalProperties": false
      },
      "RenderedTemplate": {
        "type": "object",
        "properties": {
          "content": {
            "type": "string"
          },
          "language": {
            "type": [
              "string",
              "null"
            ],
            "description": "The variant used."
          }
        },
        "required": [
          "content",
          "language"
        ],
        "additionalProperties": false
      },
      "InboxAutomations": {
        "type": "object",
        "description": "What the inbox sends by itself: out of office, the farewell and survey when a conversation is resolved, a reminder and an automatic resolve when the contact stops answering.",
        "properties": {
          "farewell_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Sent when a conversation is resolved."
          },
          "csat_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "The satisfaction survey, sent after the farewell. A reply of just 1–5 (or 👍/👎), with an optional comment, within `csat_window_hours` is stored as the conversation's `csat`, not as a new request."
          },
          "csat_window_hours": {
            "type": "integer",
            "minimum": 1,
            "maximum": 720,
            "description": "Default 24."
          },
          "out_of_office_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Sent instead of the greeting when a conversation opens outside `office_hours`."
          },
          "office_hours": {
            "type": [
              "object",
              "null"
            ],
            "description": "Working hours: `{\"time_zone\": \"Europe/Kyiv\", \"weekly\": {\"mon\": [[\"09:00\", \"18:00\"]], …}, \"holidays\": [\"2026-12-25\"]}`. Outside them a new conversation gets `out_of_office_template_id` instead of the greeting."
          },
          "inactivity_reminder_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Sent once (`sender.type: automation`) when the contact has not answered our last public message — an agent's reply or a rule's `send_template` — for `inactivity_reminder_minutes`. Needs `inactivity_reminder_minutes`. A message from the contact cancels it; our next message starts the wait again."
          },
          "inactivity_reminder_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 43200,
            "description": "Minutes of the contact's silence before the reminder. Needs `inactivity_reminder_template_id`."
          },
          "inactivity_resolve_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 43200,
            "description": "Minutes of further silence after the reminder (or after our last message, without a reminder) before the conversation is resolved by itself, with the farewell and survey like any resolve. Null never resolves."
          },
          "inactivity_resolve_note": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 2000,
            "description": "A private note left on a conversation resolved for inactivity."
          }
        },
        "additionalProperties": false
      },
      "InboxAutomationsOut": {
        "type": "object",
        "description": "What the inbox sends by itself: out of office, the farewell and survey when a conversation is resolved, a reminder and an automatic resolve when the contact stops answering.",
        "properties": {
          "farewell_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Sent when a conversation is resolved."
          },
          "csat_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "The satisfaction survey, sent after the farewell. A reply of just 1–5 (or 👍/👎), with an optional comment, within `csat_window_hours` is stored as the conversation's `csat`, not as a new request."
          },
          "csat_window_hours": {
            "type": "integer",
            "minimum": 1,
            "maximum": 720,
            "description": "Default 24."
          },
          "out_of_office_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Sent instead of the greeting when a conversation opens outside `office_hours`."
          },
          "office_hours": {
            "type": [
              "object",
              "null"
            ],
            "description": "Working hours: `{\"time_zone\": \"Europe/Kyiv\", \"weekly\": {\"mon\": [[\"09:00\", \"18:00\"]], …}, \"holidays\": [\"2026-12-25\"]}`. Outside them a new conversation gets `out_of_office_template_id` instead of the greeting."
          },
          "inactivity_reminder_template_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "description": "Sent once (`sender.type: automation`) when the contact has not answered our last public message — an agent's reply or a rule's `send_template` — for `inactivity_reminder_minutes`. Needs `inactivity_reminder_minutes`. A message from the contact cancels it; our next message starts the wait again."
          },
          "inactivity_reminder_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 43200,
            "description": "Minutes of the contact's silence before the reminder. Needs `inactivity_reminder_template_id`."
          },
          "inactivity_resolve_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 43200,
            "description": "Minutes of further silence after the reminder (or after our last message, without a reminder) before the conversation is resolved by itself, with the farewell and survey like any resolve. Null never resolves."
          },
          "inactivity_resolve_note": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 2000,
            "description": "A private note left on a conversation resolved for inactivity."
          }
        },
        "additionalProperties": false,
        "required": [
          "farewell_template_id",
          "csat_template_id",
          "csat_window_hours",
          "out_of_office_template_id",
          "office_hours",
          "inactivity_reminder_template_id",
          "inactivity_reminder_minutes",
          "inactivity_resolve_minutes",
          "inactivity_resolve_note"
        ]
      },
      "Satisfaction": {
        "type": "object",
        "properties": {
          "rating": {
            "type": "integer",
            "minimum": 1,
            "maximum": 5
          },
          "comment": {
            "type": [
              "string",
              "null"
            ]
          },
          "rated_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "rating",
          "comment",
          "rated_at"
        ],
        "additionalProperties": false
      },
      "RuleCondition": {
        "type": "object",
        "properties": {
          "field": {
            "type": "string",
            "description": "`inbox_id`, `channel`, `message.content` (on `conversation_updated`/`conversation_resolved`: the contact's last message), `contact.attributes.<name>`, `labels`, `priority`, `status`, `category` (the path), `time` (account time zone, HH:MM), `weekday` (`mon`…`sun`), `contact.returning`."
          },
          "operator": {
            "type": "string",
            "enum": [
              "=",
              "!=",
              "<",
              ">",
              "contains",
              "not_contains",
              "matches",
              "present",
              "between",
              "in"
            ]
          },
          "value": {
            "description": "What to compare with: a text, number, boolean, a list for `in`, two times for `between`."
          }
        },
        "required": [
          "field",
          "operator"
        ]
      },
      "RuleAction": {
        "type": "object",
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "assign_team",
              "assign_agent",
              "unassign",
              "add_label",
              "remove_label",
              "set_priority",
              "set_status",
              "set_category",
              "send_template",
              "add_note",
              "set_contact_attribute",
              "escalate",
              "stop"
            ]
          },
          "team_id": {
            "type": "integer",
            "format": "int64"
          },
          "agent_id": {
            "type": "integer",
            "format": "int64"
          },
          "template_id": {
            "type": "integer",
            "format": "int64"
          },
          "label": {
            "type": "string"
          },
          "priority": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "content": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "value": {},
          "reason": {
            "type": [
              "string",
              "null"
            ],
            "description": "For `escalate`: put in the private note."
          },
          "category": {
            "type": "string",
            "description": "For `set_category`: a path of the account's category list, `Category` or `Category/Sub-category` (case-insensitive; saved as the list spells it). One not in the list is a 422 naming `actions[N].category`."
          }
        },
        "required": [
          "type"
        ]
      },
      "CreateRuleRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "position": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000,
            "description": "Rules run in ascending position (then id); new rules go last."
          },
          "enabled": {
            "type": "boolean"
          },
          "events": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "string",
              "enum": [
                "conversation_created",
                "message_created",
                "conversation_updated",
                "conversation_resolved"
              ]
            },
            "description": "`conversation_created` and `message_created` (incoming) run inside the ingest transaction; `conversation_updated` (an agent or API client changed status, assignee, team, priority, labels or category) and `conversation_resolved` (it became resolved, by an agent or by a rule) run inside the transaction of the change, once per change: what rules change does not raise `conversation_updated` again."
          },
          "match": {
            "type": "string",
            "enum": [
              "all",
              "any"
            ]
          },
          "conditions": {
            "type": "array",
            "maxItems": 50,
            "items": {
              "$ref": "#/components/schemas/RuleCondition"
            }
          },
          "actions": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/RuleAction"
            }
          }
        },
        "required": [
          "name",
          "events",
          "actions"
        ]
      },
      "UpdateRuleRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "position": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000,
            "description": "Rules run in ascending position (then id); new rules go last."
          },
          "enabled": {
            "type": "boolean"
          },
          "events": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "string",
              "enum": [
                "conversation_created",
                "message_created",
                "conversation_updated",
                "conversation_resolved"
              ]
            },
            "description": "`conversation_created` and `message_created` (incoming) run inside the ingest transaction; `conversation_updated` (an agent or API client changed status, assignee, team, priority, labels or category) and `conversation_resolved` (it became resolved, by an agent or by a rule) run inside the transaction of the change, once per change: what rules change does not raise `conversation_updated` again."
          },
          "match": {
            "type": "string",
            "enum": [
              "all",
              "any"
            ]
          },
          "conditions": {
            "type": "array",
            "maxItems": 50,
            "items": {
              "$ref": "#/components/schemas/RuleCondition"
            }
          },
          "actions": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/RuleAction"
            }
          }
        },
        "description": "Only the keys given change."
      },
      "Rule": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "position": {
            "type": "integer",
            "minimum": 0,
            "description": "Rules run in ascending position (then id)."
          },
          "enabled": {
            "type": "boolean"
          },
          "events": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "match": {
            "type": "string",
            "enum": [
              "all",
              "any"
            ]
          },
          "conditions": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "actions": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "name",
          "position",
          "enabled",
          "events",
          "match",
          "conditions",
          "actions",
          "id",
          "created_at",
          "updated_at"
        ],
        "additionalProperties": false
      },
      "RuleList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Rule"
            }
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "Account": {
        "type": "object",
        "description": "The caller's organization and its settings.",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "time_zone": {
            "type": "string",
            "description": "IANA time zone: `{{now}}` in templates and rule times are read in it."
          },
          "default_language": {
            "type": [
              "string",
              "null"
            ],
            "description": "The template variant for contacts whose language a template has no variant for (or who have no language); then the main body."
          },
          "auto_resolve_idle_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 525600,
            "description": "Open or pending conversations an agent has answered after the contact's last message, and in which nobody has written for this many minutes, are resolved by themselves (with the inbox's farewell and survey; `conversation.auto_resolved` in the audit log). A request the contact is still waiting on is never closed this way. Null: never."
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "name",
          "time_zone",
          "default_language",
          "auto_resolve_idle_minutes",
          "created_at"
        ],
        "additionalProperties": false
      },
      "UpdateAccountRequest": {
        "type": "object",
        "description": "Only the fields given change; `null` clears `default_language` or `auto_resolve_idle_minutes`.",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S"
          },
          "time_zone": {
            "type": "string",
            "description": "An IANA time zone such as `Europe/Kyiv`."
          },
          "default_language": {
            "oneOf": [
              {
                "type": "string",
                "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                "description": "A language tag such as `ru`, `uk`, `en` or `pt-BR`."
              },
              {
                "type": "null"
              }
            ]
          },
          "auto_resolve_idle_minutes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 525600
          }
        },
        "additionalProperties": false
      },
      "TemplateAttachment": {
        "type": "object",
        "description": "A file sent with every reply made from the template (agents' replies and automated messages alike).",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "content_type": {
            "type": "string"
          },
          "size": {
            "type": "integer",
            "minimum": 1
          }
        },
        "required": [
          "id",
          "name",
          "content_type",
          "size"
        ],
        "additionalProperties": false
      },
      "TemplateAttachmentUpload": {
        "type": "object",
        "properties": {
          "file": {
            "type": "string",
            "format": "binary",
            "description": "The file, with a file name; at most 10 MB."
          }
        },
        "required": [
          "file"
        ]
      },
      "SkippedPayload": {
        "type": "object",
        "description": "A payload the inbox acknowledged without storing a message, and why.",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64"
          },
          "received_at": {
            "type": "string",
            "format": "date-time"
          },
          "channel": {
            "type": "string",
            "enum": [
              "api",
              "webform",
              "email",
              "telegram",
              "whatsapp",
              "viber",
              "vk"
            ]
          },
          "external_id": {
            "type": "string",
            "description": "The platform's id of what was skipped (message or update id; `uidvalidity:uid` for mail), when it has one."
          },
          "category": {
            "type": "string",
            "enum": [
              "ignored",
              "unreadable",
              "rejected",
              "unmatched",
              "refused"
            ],
            "description": "`ignored`: skipped on purpose (group chats, typing, echoes, unknown events); `unreadable`: a person's message the connector could not read; `rejected`: a message the ingest refused; `unmatched`: an edit or receipt naming nothing known; `refused`: mail the poller did not take in."
          },
          "reason": {
            "type": "string"
          },
          "from_person": {
            "type": "boolean",
            "description": "A person's text or media that was not stored; the latest also shows in the inbox's `health.last_skipped_message`."
          },
          "payload": {
            "type": "string",
            "description": "What arrived, as text (a webhook's body, a raw message); empty when it was never downloaded (mail over the size limit)."
          }
        },
        "required": [
          "id",
          "received_at",
          "channel",
          "category",
          "reason",
          "from_person",
          "payload"
        ],
        "additionalProperties": false
      },
      "SkippedPayloadPage": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SkippedPayload"
            }
          },
          "next_cursor": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "additionalProperties": false
      },
      "RefusedMail": {
        "type": "object",
        "properties": {
          "uid": {
            "type": "integer",
            "format": "int64",
            "description": "The message's IMAP UID in the mailbox."
          },
          "reason": {
            "type": "string",
            "description": "Why it was skipped, e.g. over `max_message_bytes`."
          },
          "at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "uid",
          "reason",
          "at"
        ],
        "additionalProperties": false
      },
      "RefusedMailList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RefusedMail"
            }
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "Category": {
        "type": "object",
        "description": "An entry of the account's reference list: a top-level category or one of its sub-categories (two levels).",
        "properties": {
          "id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          },
          "name": {
            "type": "string"
          },
          "path": {
            "type": "string",
            "description": "`Category` or `Category/Sub-category`: what conversations and rules name."
          },
          "parent_id": {
            "type": [
              "integer",
              "null"
            ],
            "format": "int64",
            "minimum": 1
          },
          "subcategories": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Category"
            },
            "description": "A top-level category's sub-categories; always empty for a sub-category."
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "updated_at": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "name",
          "path",
          "parent_id",
          "subcategories",
          "created_at",
          "updated_at"
        ],
        "additionalProperties": false
      },
      "CategoryList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Category"
            },
            "description": "Top-level categories by name, each with its sub-categories."
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "CreateCategoryRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[^/]*\\S[^/]*$",
            "description": "No `/` (it separates a category from its sub-category); unique at its level whatever the case."
          },
          "parent_id": {
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "description": "Makes it a sub-category of this top-level category."
          },
          "subcategories": {
            "type": "array",
            "maxItems": 200,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100,
              "pattern": "^[^/]*\\S[^/]*$",
              "description": "No `/` (it separates a category from its sub-category); unique at its level whatever the case."
            },
            "description": "Sub-categories created with a top-level category, by name."
          }
        },
        "required": [
          "name"
        ],
        "description": "`{name}` or `{name, subcategories}` for a category, `{name, parent_id}` for a sub-category."
      },
      "RenameCategoryRequest": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[^/]*\\S[^/]*$",
            "description": "No `/` (it separates a category from its sub-category); unique at its level whatever the case."
          }
        },
        "description": "Renaming carries along the conversations and rules that name the category or its sub-categories."
      }
    }
  }
}
"""#
}

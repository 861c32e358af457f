package dev.slipway.reporter.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub's OpenAPI description (npm {@code @octokit/openapi}, named by {@code
 * SLIPWAY_GITHUB_OPENAPI}), and a check of a JSON value against one of its schemas.
 */
final class OpenApiDescription {

  static final String LOCATION = "SLIPWAY_GITHUB_OPENAPI";

  private final JsonNode json;

  private OpenApiDescription(JsonNode json) {
    this.json = json;
  }

  static OpenApiDescription read() throws IOException {
    String configured = System.getProperty(LOCATION, System.getenv(LOCATION));
    assertThat(configured)
        .as(LOCATION + " must name the npm package @octokit/openapi (./slipway test installs it)")
        .isNotBlank()
        .doesNotStartWith("${");
    return new OpenApiDescription(
        new ObjectMapper()
            .readTree(Path.of(configured, "generated", "api.github.com.json").toFile()));
  }

  JsonNode json() {
    return json;
  }

  /** The schema of the 200 answer to {@code GET path}. */
  JsonNode responseSchema(String path) {
    return json.path("paths")
        .path(path)
        .path("get")
        .path("responses")
        .path("200")
        .path("content")
        .path("application/json")
        .path("schema");
  }

  /**
   * The parts of JSON Schema GitHub's description uses for these objects: $ref, oneOf, required,
   * type, enum, maxLength.
   */
  void validate(JsonNode value, JsonNode schema, String where, List<String> violations) {
    schema = resolve(schema);
    if (value == null || value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
        violations.add(where + ": null, but not nullable");
      }
      return;
    }
    if (schema.has("oneOf") || schema.has("anyOf")) {
      for (JsonNode branch : schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf")) {
        List<String> branchViolations = new ArrayList<>();
        validate(value, branch, where, branchViolations);
        if (branchViolations.isEmpty()) {
          return;
        }
      }
      violations.add(where + ": matches none of " + (schema.has("oneOf") ? "oneOf" : "anyOf"));
      return;
    }
    for (JsonNode part : schema.path("allOf")) {
      validate(value, part, where, violations);
    }
    String type = schema.path("type").asText("");
    boolean typed =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isTextual();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!typed) {
      violations.add(where + ": " + value + " is not " + type);
      return;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        violations.add(where + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (schema.has("maxLength")
        && value.asText().codePointCount(0, value.asText().length())
            > schema.get("maxLength").asInt()) {
      violations.add(where + ": longer than " + schema.get("maxLength"));
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        violations.add(where + ": missing required " + required.asText());
      }
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            property -> {
              if (value.has(property.getKey())) {
                validate(
                    value.get(property.getKey()),
                    property.getValue(),
                    where + "." + property.getKey(),
                    violations);
              }
            });
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        validate(value.get(i), schema.get("items"), where + "[" + i + "]", violations);
      }
    }
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      schema = json.at(schema.get("$ref").asText().substring(1));
    }
    return schema;
  }
}

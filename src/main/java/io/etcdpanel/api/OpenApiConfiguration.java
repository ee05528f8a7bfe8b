package io.etcdpanel.api;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's frame: what the API is, how to sign in (Basic or an API token), and the problem schema. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    @Bean
    OpenAPI panelApi() {
        return new OpenAPI()
                .info(new Info().title("etcd-panel REST API").version("1")
                        .summary("Run highly available etcd clusters: the catalogue, backups and restores")
                        .description("""
                                The desired etcd clusters and backup schedules the panel reconciles, what is really \
                                running (members, health, leader), snapshots and restores, the audit trail, users and \
                                API tokens.

                                Sign in with HTTP Basic (a panel user) or an API token (`Authorization: Bearer ...`, \
                                made under `/api/v1/tokens`). VIEWER may read, OPERATOR may change, ADMIN may delete \
                                and manage users and tokens. Requests that carry credentials need no CSRF token.

                                JSON field names are camelCase, times ISO-8601 instants in UTC, sizes bytes, durations \
                                ISO-8601. Every error is an RFC 9457 problem (`application/problem+json`); in every \
                                error case nothing was changed.""")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("this panel")))
                .tags(tags())
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("a panel user's name and password"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("etcd-panel API token").description("an API token from POST /api/v1/tokens"))
                        .addSchemas(PROBLEM, problemSchema()))
                .security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(BEARER)));
    }

    private static List<Tag> tags() {
        return ApiTags.ALL.entrySet().stream()
                .map(tag -> new Tag().name(tag.getKey()).description(tag.getValue()))
                .toList();
    }

    private static Schema<?> problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field or parameter at fault"))
                .addProperty("message", new StringSchema().description("what is wrong with it and what it must be"))
                .required(List.of("field", "message"));
        return new ObjectSchema()
                .description("An RFC 9457 problem: what went wrong and what to do next; nothing was changed.")
                .addProperty("type", new StringSchema().format("uri-reference").description("what kind of problem"))
                .addProperty("title", new StringSchema().description("a short summary of the kind"))
                .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", new StringSchema().description("this occurrence, with a hint of what to do"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("for invalid input: one entry per field or parameter"))
                .required(List.of("type", "title", "status"))
                .additionalProperties(Boolean.TRUE);
    }
}

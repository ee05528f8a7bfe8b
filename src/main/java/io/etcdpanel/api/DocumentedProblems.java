package io.etcdpanel.api;

import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/** Documents, on every operation, the problems it can answer beside its success, each with the problem schema. */
@Component
class DocumentedProblems implements OpenApiCustomizer {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public void customise(OpenAPI api) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                ProblemStatuses.of(method, path, hasQuery(operation), operation.getRequestBody() != null)
                        .forEach((status, description) ->
                        document(operation, status, description))));
    }

    private static boolean hasQuery(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> "query".equals(parameter.getIn()));
    }

    private static void document(Operation operation, String status, String description) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse response = responses.computeIfAbsent(status, code -> new ApiResponse().description(description));
        Schema<?> problem = new Schema<>().$ref(OpenApiConfiguration.PROBLEM_REF);
        Content content = response.getContent() == null ? new Content() : response.getContent();
        content.keySet().removeIf(type -> !PROBLEM_JSON.equals(type));
        content.addMediaType(PROBLEM_JSON, new MediaType().schema(problem));
        response.setContent(content);
        operation.setResponses(sorted(responses));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        return sorted;
    }

    /** Which problems an operation can answer: a pure function of its method, its path and whether it takes input. */
    static final class ProblemStatuses {

        private ProblemStatuses() {
        }

        static Map<String, String> of(PathItem.HttpMethod method, String path, boolean query, boolean body) {
            Map<String, String> statuses = new TreeMap<>();
            if (query || body) {
                statuses.put("400", "Malformed or invalid input: `errors` names each field or parameter");
            }
            statuses.put("401", "No credentials, or wrong ones: sign in with Basic or an API token");
            statuses.put("403", "The signed-in role may not do this");
            if (path.contains("{")) {
                statuses.put("404", "No such name or id");
            }
            if (method != PathItem.HttpMethod.GET) {
                statuses.put("409", "A conflict: the name is taken, or another operation is running or changed it meanwhile");
            }
            if (body) {
                statuses.put("413", "The body is larger than allowed");
                statuses.put("415", "The body's Content-Type is not the one this operation takes (`detail` names it)");
            }
            return statuses;
        }
    }
}

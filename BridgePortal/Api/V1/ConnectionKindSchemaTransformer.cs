using System.Text.Json.Nodes;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data.Model;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BridgePortal.Api.V1;

/// <summary>
/// A connection kind has its own JSON converter, so the generator cannot tell it is a string: describe it as one,
/// with the registered kinds as its values (what the enum's schema listed).
/// </summary>
internal sealed class ConnectionKindSchemaTransformer(ConnectorRegistry registry) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // A nullable kind is the generator's null wrapper around this same schema, so only the plain type is seen here.
        if (context.JsonTypeInfo.Type == typeof(ConnectionKind))
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. registry.ConnectionKinds.Select(k => (JsonNode)JsonValue.Create(k.Kind.Name))];
        }

        return Task.CompletedTask;
    }
}

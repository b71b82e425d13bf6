using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Ingest;

public sealed class IngestConnector : IConnector
{
    /// <summary>The ingest API as a source kind (its endpoint is mapped by the API).</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(IngestSourceKind.Ingest);
    }
}

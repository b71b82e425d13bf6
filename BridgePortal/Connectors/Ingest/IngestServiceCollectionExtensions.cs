namespace BridgePortal.Connectors.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>The ingest API as a source kind (its endpoint is mapped by the API).</summary>
    public static WebApplicationBuilder AddIngestConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(IngestSourceKind.Ingest);
        return builder;
    }
}

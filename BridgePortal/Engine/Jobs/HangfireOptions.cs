using System.ComponentModel.DataAnnotations;

namespace BridgePortal.Engine.Jobs;

/// <summary>The embedded Hangfire server.</summary>
public sealed class HangfireOptions
{
    public const string SectionName = "Hangfire";

    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;
}

using BridgePortal.Connectors.Abstractions;
namespace BridgePortal.Engine;

/// <summary>What one try of one claimed record came to, with when it started and how long the sink took.</summary>
internal sealed record DeliveryResult(ClaimedRecord Record, DeliveryOutcome Outcome, DateTime StartedAt, int DurationMs);

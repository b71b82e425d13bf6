using System.Globalization;
using BridgePortal.Data.Model;

namespace BridgePortal.Bridges;

/// <summary>
/// One delivery try as an operator reads it: which record (by natural id), what came back, and what happens
/// next. <paramref name="Tries"/> is this try's number since the record's retry budget last started.
/// </summary>
public sealed record AttemptRow(
    long Id, long RecordId, string NaturalId, DateTime StartedAt, int DurationMs, AttemptOutcome Outcome, int? HttpStatus,
    string? Error, DateTime? RetryAt, int Tries)
{
    /// <summary>"delivered", "retry at 10:42:07 UTC", "gave up after 3 tries → Failed", "rejected → Failed".</summary>
    public string NextStep => Outcome switch
    {
        AttemptOutcome.Delivered => "delivered",
        AttemptOutcome.TransientFailure when RetryAt is { } at => "retry at " + at.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
        AttemptOutcome.TransientFailure => "will be retried",
        AttemptOutcome.GaveUp => $"gave up after {Tries} {(Tries == 1 ? "try" : "tries")} → Failed",
        _ => "rejected → Failed (not retried)",
    };

    public string OutcomeLabel => Outcome switch
    {
        AttemptOutcome.Delivered => "Delivered",
        AttemptOutcome.TransientFailure => "Failed, will retry",
        AttemptOutcome.GaveUp => "Gave up",
        _ => "Rejected",
    };
}

/// <summary>How many records (visible to the actor, matching a filter) share one last error.</summary>
public sealed record ErrorGroup(string Error, int Count);

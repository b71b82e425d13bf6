using Hangfire;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A part's own recurring schedules (a connector's sync or clean-up, the alerts' evaluation), registered with stable
/// ids at every start by the engine's registrar, which knows none of them by name (InMemory storage forgets them).
/// </summary>
public interface IRecurringJobs
{
    void AddTo(IRecurringJobManager jobs);
}

namespace HaTools.Core.Ipvs;

/// <summary>
/// The changes that turn the current IPVS table into the desired one, touching only what differs.
/// Order is safe for traffic: services are added and updated first, real servers added and updated,
/// then stale real servers removed, and stale services (with their real servers) removed last.
/// </summary>
public static class IpvsTableDiff
{
    public static IReadOnlyList<IpvsChange> Compute(IReadOnlyList<IpvsService> current, IReadOnlyList<IpvsService> desired)
    {
        var addsAndUpdates = new List<IpvsChange>();
        var serverChanges = new List<IpvsChange>();
        var serverRemovals = new List<IpvsChange>();
        var serviceRemovals = new List<IpvsChange>();

        foreach (var want in desired)
        {
            var have = current.FirstOrDefault(c => c.HasSameKey(want));
            if (have == null)
            {
                addsAndUpdates.Add(new IpvsChange(IpvsChangeKind.AddService, want));
                foreach (var rs in want.RealServers)
                    serverChanges.Add(new IpvsChange(IpvsChangeKind.AddRealServer, want, rs));
                continue;
            }
            if (!SameSettings(have, want))
                addsAndUpdates.Add(new IpvsChange(IpvsChangeKind.UpdateService, want));
            foreach (var rs in want.RealServers)
            {
                var existing = have.RealServers.FirstOrDefault(h => h.HasSameKey(rs));
                if (existing == null)
                    serverChanges.Add(new IpvsChange(IpvsChangeKind.AddRealServer, want, rs));
                else if (!existing.HasSameSettings(rs))
                    serverChanges.Add(new IpvsChange(IpvsChangeKind.UpdateRealServer, want, rs));
            }
            foreach (var rs in have.RealServers)
            {
                if (!want.RealServers.Any(w => w.HasSameKey(rs)))
                    serverRemovals.Add(new IpvsChange(IpvsChangeKind.RemoveRealServer, have, rs));
            }
        }
        foreach (var have in current)
        {
            if (!desired.Any(d => d.HasSameKey(have)))
                serviceRemovals.Add(new IpvsChange(IpvsChangeKind.RemoveService, have));
        }
        return [.. addsAndUpdates, .. serverChanges, .. serverRemovals, .. serviceRemovals];
    }

    /// <summary>True when the settings a user sets (not counters, not the kernel's Hashed bit) are equal.</summary>
    public static bool SameSettings(IpvsService a, IpvsService b)
    {
        const IpvsServiceFlags userFlags = ~IpvsServiceFlags.Hashed;
        if (a.Scheduler != b.Scheduler || (a.Flags & userFlags) != (b.Flags & userFlags) || a.PersistenceEngine != b.PersistenceEngine)
            return false;
        if (a.IsPersistent && (a.PersistenceTimeout != b.PersistenceTimeout || a.EffectivePrefixLength != b.EffectivePrefixLength))
            return false;
        return true;
    }
}

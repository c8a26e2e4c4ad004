using System.Globalization;

namespace HaTools.Core.Linux;

/// <summary>The Linux capabilities HaTools needs, numbered as in linux/capability.h.</summary>
public enum LinuxCapability
{
    NetAdmin = 12,
    NetRaw = 13,
    SysAdmin = 21,
}

/// <summary>
/// Checks the effective capability set before opening raw sockets or changing addresses, so a missing
/// right is a PermissionDenied error that names the capability instead of a bare EPERM later.
/// </summary>
public static class Capabilities
{
    /// <summary>Parses the CapEff line of /proc/self/status (hex bit mask); null when it cannot be read.</summary>
    public static ulong? ReadEffective(string statusPath = "/proc/self/status")
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal) &&
                    ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
                {
                    return mask;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>True when <paramref name="mask"/> has <paramref name="capability"/>.</summary>
    public static bool Has(ulong mask, LinuxCapability capability) => (mask & (1UL << (int)capability)) != 0;

    /// <summary>The capabilities from <paramref name="required"/> missing in <paramref name="mask"/>.</summary>
    public static IReadOnlyList<LinuxCapability> Missing(ulong mask, params LinuxCapability[] required) =>
        required.Where(c => !Has(mask, c)).ToArray();

    /// <summary>Throws PermissionDenied naming each missing capability; does nothing when the set cannot be read (the syscall will tell).</summary>
    public static void Require(string operation, params LinuxCapability[] required)
    {
        var mask = ReadEffective();
        if (mask is null)
        {
            return;
        }

        var missing = Missing(mask.Value, required);
        if (missing.Count > 0)
        {
            throw MissingError(operation, missing);
        }
    }

    /// <summary>The PermissionDenied error for <paramref name="missing"/> capabilities.</summary>
    public static HaToolsException MissingError(string operation, IReadOnlyList<LinuxCapability> missing)
    {
        string names = string.Join(" and ", missing.Select(Name));
        return new HaToolsException(
            "PermissionDenied",
            HaToolsErrorKind.PermissionDenied,
            $"{operation} needs {names}: run as root or grant the capability (setcap/AmbientCapabilities).",
            names);
    }

    /// <summary>CAP_NET_RAW style name.</summary>
    public static string Name(LinuxCapability capability) => capability switch
    {
        LinuxCapability.NetAdmin => "CAP_NET_ADMIN",
        LinuxCapability.NetRaw => "CAP_NET_RAW",
        LinuxCapability.SysAdmin => "CAP_SYS_ADMIN",
        _ => "CAP_" + ((int)capability).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Text for an EPERM: which of CAP_NET_RAW / CAP_NET_ADMIN this process lacks.</summary>
    public static string DescribeMissingNetworkCapabilities()
    {
        var mask = ReadEffective();
        if (mask is null)
        {
            return "capabilities unknown";
        }

        var missing = Missing(mask.Value, LinuxCapability.NetRaw, LinuxCapability.NetAdmin);
        return missing.Count == 0 ? "CAP_NET_RAW and CAP_NET_ADMIN are present" : "missing " + string.Join(" and ", missing.Select(Name));
    }
}

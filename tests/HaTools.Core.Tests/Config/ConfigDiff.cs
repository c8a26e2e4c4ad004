using System.Collections;
using HaTools.Core.Config;

namespace HaTools.Core.Tests.Config;

/// <summary>Names the first property where two config object graphs differ (for readable failures).</summary>
internal static class ConfigDiff
{
    public static string? First(object? a, object? b, string path = "")
    {
        if (Equals(a, b)) return null;
        if (a is null || b is null || a.GetType() != b.GetType()) return $"{path}: {a ?? "null"} ≠ {b ?? "null"}";
        if (a is IList la && b is IList lb && a is not string)
        {
            if (la.Count != lb.Count) return $"{path}.Count: {la.Count} ≠ {lb.Count}";
            for (int i = 0; i < la.Count; i++)
                if (First(la[i], lb[i], $"{path}[{i}]") is { } d) return d;
            return $"{path}: lists differ";
        }
        if (a is ConfigObject)
        {
            foreach (var p in a.GetType().GetProperties())
            {
                if (p.Name is "SourceFile" or "Line" or "Diagnostics" or "IncludedFiles" or "ConfigId" || p.GetIndexParameters().Length > 0) continue;
                if (First(p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}") is { } d) return d;
            }
        }
        return $"{path}: {a} ≠ {b}";
    }
}

namespace HaTools.Core.Checks.Options;

/// <summary>
/// FILE_CHECK over a tracked file holding an integer: with weight 0, 0 is up and anything else down;
/// otherwise value × weight (negated with reverse) is the weight change, down at -254 or below.
/// </summary>
public sealed record FileCheckOptions : CheckOptions
{
    public override string Kind => "FILE_CHECK";

    public required string File { get; init; }

    public int Weight { get; init; } = 1;

    public bool Reverse { get; init; }

    public bool Dynamic { get; init; }
}

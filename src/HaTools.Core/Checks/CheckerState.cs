namespace HaTools.Core.Checks;

/// <summary>Up or down, as keepalived's checker sees a real server.</summary>
public enum CheckerState
{
    Up,
    Down,
}

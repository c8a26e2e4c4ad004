using System.Management.Automation.Host;

namespace HaTools.Shell;

/// <summary>A fixed-width, colourless console: enough for the formatter to lay out tables.</summary>
internal sealed class ShellRawUserInterface : PSHostRawUserInterface
{
    private static int Width
    {
        get
        {
            try
            {
                return Console.IsOutputRedirected ? 160 : Math.Max(40, Console.WindowWidth);
            }
            catch (IOException)
            {
                return 160;
            }
        }
    }

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize { get => new(Width, 9999); set { } }

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; }

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(Width, 50);

    public override Size MaxWindowSize => new(Width, 50);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize { get => new(Width, 50); set { } }

    public override string WindowTitle { get; set; } = "hatools-shell";

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("hatools-shell is non-interactive.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
    {
    }

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
    {
    }

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
    }
}

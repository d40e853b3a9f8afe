"""kb command line (placeholder during bootstrap)."""
import click


@click.group()
def main() -> None:
    """kb: citable search over the law on migrant workers' rights."""

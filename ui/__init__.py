"""Everything Streamlit and Altair: pages, chart builders, URL state and the player."""

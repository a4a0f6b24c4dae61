import { getRouteApi } from '@tanstack/react-router';

/** The recipe page's route: its id, and the tab in `?tab=`. */
export const route = getRouteApi('/signed-in/recipes/$recipeId');
